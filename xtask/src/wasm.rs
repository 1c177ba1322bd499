//! Reading a wasm module's binary format, as much as `cargo xtask build` needs: its sections,
//! export names, first import's module, and memory layout
//! (<https://webassembly.github.io/spec/core/binary/modules.html>).

/// Reads one unsigned LEB128 number at `at`, moving past it.
fn leb(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// Reads one signed LEB128 number at `at` (`i32.const`'s immediate), moving past it.
fn sleb(bytes: &[u8], at: &mut usize) -> Option<i64> {
    let (mut value, mut shift) = (0i64, 0);
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= i64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            if shift < 64 && byte & 0x40 != 0 {
                value |= -1 << shift; // negative: extend the sign
            }
            return Some(value);
        }
        if shift > 63 {
            return None;
        }
    }
}

fn length(bytes: &[u8], at: &mut usize) -> Option<usize> {
    usize::try_from(leb(bytes, at)?).ok()
}

/// `bytes[at..at + len]`, if all of it is there.
fn slice(bytes: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    bytes.get(at..at.checked_add(len)?)
}

/// Each section's id and contents
/// (<https://webassembly.github.io/spec/core/binary/modules.html#sections>).
fn sections(wasm: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let mut at = 8; // magic and version
    let mut out = Vec::new();
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = length(wasm, &mut at)?;
        out.push((id, slice(wasm, at, size)?));
        at += size;
    }
    Some(out)
}

/// The names of a module's exports (its export section, id 7).
pub fn export_names(wasm: &[u8]) -> Option<Vec<String>> {
    let Some((_, section)) = sections(wasm)?.into_iter().find(|(id, _)| *id == 7) else {
        return Some(Vec::new());
    };
    let mut at = 0;
    let count = length(section, &mut at)?;
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        let len = length(section, &mut at)?;
        let name = std::str::from_utf8(slice(section, at, len)?).ok()?;
        at += len + 1; // the name, then the export's kind
        leb(section, &mut at)?; // and its index
        names.push(name.to_owned());
    }
    Some(names)
}

/// Whether the module's data all sits at or above where its first global (the stack pointer,
/// rustc's `__stack_pointer`) starts, that start being at least 1 MiB: the layout of
/// `wasm-ld --stack-first`, where the stack grows down towards address 0.
pub fn stack_is_first(wasm: &[u8]) -> bool {
    let Some(sections) = sections(wasm) else {
        return false;
    };
    // `i32.const n` then `end`, as rustc writes both the stack pointer's initial value and
    // each active data segment's offset (an address: read as unsigned 32 bits).
    let constant = |bytes: &[u8], at: &mut usize| -> Option<u64> {
        (bytes.get(*at) == Some(&0x41)).then_some(())?;
        *at += 1;
        let value = u64::from(sleb(bytes, at)? as i32 as u32);
        (bytes.get(*at) == Some(&0x0b)).then_some(())?;
        *at += 1;
        Some(value)
    };
    let stack_top = sections.iter().find(|(id, _)| *id == 6).and_then(|(_, s)| {
        let mut at = 0;
        (length(s, &mut at)? > 0).then_some(())?;
        at += 2; // the global's value type and mutability
        constant(s, &mut at)
    });
    // No data section: nothing sits above the stack at all.
    let lowest_data = match sections.iter().find(|(id, _)| *id == 11) {
        None => Some(u64::MAX),
        Some((_, s)) => (|| {
            let mut at = 0;
            let count = length(s, &mut at)?;
            let mut lowest = u64::MAX;
            for _ in 0..count {
                match leb(s, &mut at)? {
                    0 => lowest = lowest.min(constant(s, &mut at)?),
                    1 => {}
                    _ => return None, // an explicit memory index: not what rustc writes
                }
                let len = length(s, &mut at)?;
                at = at.checked_add(len)?;
            }
            Some(lowest)
        })(),
    };
    matches!((stack_top, lowest_data), (Some(top), Some(low)) if top >= 1 << 20 && low >= top)
}

/// Each import's module and name (the import section, id 2), in order.
pub fn import_names(wasm: &[u8]) -> Option<Vec<(String, String)>> {
    let Some((_, section)) = sections(wasm)?.into_iter().find(|(id, _)| *id == 2) else {
        return Some(Vec::new());
    };
    let mut at = 0;
    let string = |at: &mut usize| -> Option<String> {
        let len = length(section, at)?;
        let text = std::str::from_utf8(slice(section, *at, len)?)
            .ok()?
            .to_owned();
        *at = at.checked_add(len)?;
        Some(text)
    };
    // A table's or a memory's limits: flags (bit 0: a maximum follows), minimum, maximum.
    let limits = |at: &mut usize| -> Option<()> {
        let flags = leb(section, at)?;
        leb(section, at)?;
        if flags & 1 == 1 {
            leb(section, at)?;
        }
        Some(())
    };
    let count = length(section, &mut at)?;
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        let module = string(&mut at)?;
        let name = string(&mut at)?;
        let kind = *section.get(at)?;
        at += 1;
        match kind {
            // A function or a tag: its type's index (a tag's after its attribute byte).
            0 => drop(leb(section, &mut at)?),
            4 => {
                at += 1;
                leb(section, &mut at)?;
            }
            // A table: its element type, then its limits.
            1 => {
                at += 1;
                limits(&mut at)?;
            }
            2 => limits(&mut at)?,
            // A global: its value type and mutability.
            3 => at += 2,
            _ => return None,
        }
        names.push((module, name));
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one mutable i32 global set to `stack` and one active data segment at
    /// `data`, and the given exports (all of function 0, which is not there: only the
    /// sections read here matter).
    fn module(stack: u32, data: u32, exports: &[&str]) -> Vec<u8> {
        fn uleb(mut n: u64, out: &mut Vec<u8>) {
            loop {
                let byte = (n & 0x7f) as u8;
                n >>= 7;
                out.push(if n == 0 { byte } else { byte | 0x80 });
                if n == 0 {
                    break;
                }
            }
        }
        // `i32.const` takes a signed LEB128 of the value as an i32 (1 MiB is `80 80 c0 00`).
        fn sleb(n: u32, out: &mut Vec<u8>) {
            let mut n = i64::from(n as i32);
            loop {
                let byte = (n & 0x7f) as u8;
                n >>= 7;
                let done = (n == 0 && byte & 0x40 == 0) || (n == -1 && byte & 0x40 != 0);
                out.push(if done { byte } else { byte | 0x80 });
                if done {
                    break;
                }
            }
        }
        let section = |id: u8, body: Vec<u8>, out: &mut Vec<u8>| {
            out.push(id);
            uleb(body.len() as u64, out);
            out.extend(body);
        };
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let mut globals = vec![1, 0x7f, 1, 0x41];
        sleb(stack, &mut globals);
        globals.push(0x0b);
        section(6, globals, &mut wasm);
        let mut exported = Vec::new();
        uleb(exports.len() as u64, &mut exported);
        for name in exports {
            uleb(name.len() as u64, &mut exported);
            exported.extend(name.as_bytes());
            exported.extend([0, 0]);
        }
        section(7, exported, &mut wasm);
        let mut segments = vec![1, 0, 0x41];
        sleb(data, &mut segments);
        segments.extend([0x0b, 2, 7, 7]);
        section(11, segments, &mut wasm);
        wasm
    }

    #[test]
    fn exports_are_read_by_name() {
        let wasm = module(1 << 20, 1 << 20, &["memory", "__wbindgen_start", "main"]);
        assert_eq!(
            export_names(&wasm).unwrap(),
            ["memory", "__wbindgen_start", "main"]
        );
    }

    #[test]
    fn only_a_stack_below_the_data_allows_low_memory_unused() {
        // rustc's layout: the stack pointer starts at 1 MiB, the data right above.
        assert!(stack_is_first(&module(1 << 20, 1 << 20, &[])));
        assert!(stack_is_first(&module(1 << 20, (1 << 20) + 4096, &[])));
        // Data first (wasm-ld's default without `--stack-first`): the data starts at 1 KiB.
        assert!(!stack_is_first(&module(2 << 20, 1024, &[])));
        // A stack too small to keep low memory out of reach.
        assert!(!stack_is_first(&module(512, 4096, &[])));
        // Addresses past 2 GiB are negative as an i32's LEB128, and still addresses.
        assert!(stack_is_first(&module(1 << 20, 0x8000_0000, &[])));
        assert!(!stack_is_first(&module(0x8000_1000, 0x8000_0000, &[])));
        // No data at all.
        let mut no_data = module(1 << 20, 1 << 20, &[]);
        let (id, body) = *sections(&no_data).unwrap().last().unwrap();
        assert_eq!(id, 11);
        // The section's id, its one-byte size, and its body.
        no_data.truncate(no_data.len() - body.len() - 2);
        assert!(stack_is_first(&no_data));
    }

    #[test]
    fn each_imports_module_and_name_is_read_from_the_binary() {
        // (module (type (func))
        //   (import "a" "b" (func (type 0)))
        //   (import "m" "t" (table 1 2 funcref))
        //   (import "m" "mem" (memory 1))
        //   (import "m" "g" (global (mut i32))))
        let wasm = [
            0, b'a', b's', b'm', 1, 0, 0, 0, // magic, version
            1, 4, 1, 0x60, 0, 0, // type section: one func type
            2, 32, 4, // import section: 32 bytes, 4 imports
            1, b'a', 1, b'b', 0, 0, // a.b: a function of type 0
            1, b'm', 1, b't', 1, 0x70, 1, 1, 2, // m.t: a funcref table, 1 to 2
            1, b'm', 3, b'm', b'e', b'm', 2, 0, 1, // m.mem: a memory of 1 page
            1, b'm', 1, b'g', 3, 0x7f, 1, // m.g: a mutable i32
        ];
        let pair = |m: &str, n: &str| (m.to_owned(), n.to_owned());
        assert_eq!(
            import_names(&wasm).unwrap(),
            [
                pair("a", "b"),
                pair("m", "t"),
                pair("m", "mem"),
                pair("m", "g")
            ]
        );
        // Cut short: unreadable, not a shorter list.
        assert_eq!(import_names(&wasm[..wasm.len() - 1]), None);
        // No import section: none.
        assert_eq!(import_names(&wasm[..14]).unwrap(), []);
    }
}
