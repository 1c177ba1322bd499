//! Reads a value the browser's `JSON.parse` made (an answer of the proxy) into a Rust type,
//! through serde: what `serde_wasm_bindgen::from_value` does for JSON-shaped values, with an
//! error that names the kind of value it could not take and never the value itself.
//!
//! Why not `serde_wasm_bindgen`'s own deserializer (the widget still serializes with it):
//! serde's default `invalid_type` formats the unexpected value (`Unexpected`'s `Display`),
//! which for a number is core's float printing, and that deserializer reaches it for any value
//! of the wrong type. Measured: 5.6 to 5.9 KB brotli of every agent page, for an error
//! message. Here an error says "invalid type: number, expected a string" (and no CRM value
//! reaches the message an agent is shown); what the proxy sent is in the browser's network
//! panel.
//!
//! Only JSON's values occur: null, booleans, numbers, strings, arrays and plain objects
//! (`undefined`, which a caller's `js::get` of a missing key gives, reads as null).
//!
//! Unlike `serde_wasm_bindgen`, a struct is read key by key, so a type marked
//! `deny_unknown_fields` (the settings) refuses a key it does not know rather than dropping
//! it: a settings page older than its proxy says so, instead of saving the settings without
//! what it did not know. Errors never hold a CRM value: a wrong type or value is named by its
//! kind; what serde's derive adds to a message is our own wire's names (an unknown variant or
//! field).

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// `value` as a `T`.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, Unreadable> {
    T::deserialize(Reader(value))
}

/// What could not be read, and what was expected instead.
#[derive(Debug)]
pub struct Unreadable(String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unreadable {}

impl de::Error for Unreadable {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Unreadable(msg.to_string())
    }

    fn invalid_type(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        Unreadable(format!(
            "invalid type: {}, expected {expected}",
            kind(&unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        Unreadable(format!(
            "invalid value: {}, expected {expected}",
            kind(&unexpected)
        ))
    }
}

/// What kind of value `unexpected` is, without the value.
fn kind<'a>(unexpected: &Unexpected<'a>) -> &'a str {
    match unexpected {
        Unexpected::Bool(_) => "boolean",
        Unexpected::Unsigned(_) | Unexpected::Signed(_) | Unexpected::Float(_) => "number",
        Unexpected::Char(_) | Unexpected::Str(_) => "string",
        Unexpected::Bytes(_) => "bytes",
        Unexpected::Unit | Unexpected::Option => "null",
        Unexpected::Seq => "array",
        Unexpected::Map | Unexpected::StructVariant => "object",
        Unexpected::Enum
        | Unexpected::UnitVariant
        | Unexpected::NewtypeVariant
        | Unexpected::TupleVariant => "variant",
        Unexpected::NewtypeStruct => "value",
        Unexpected::Other(other) => other,
    }
}

/// A JS value being read.
struct Reader(JsValue);

/// Which of JSON's kinds a value is.
enum Kind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array,
    Object,
}

impl Kind {
    fn name(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::Array => "array",
            Kind::Object => "object",
        }
    }
}

impl Reader {
    fn is_null(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }

    fn kind(&self) -> Kind {
        if self.is_null() {
            Kind::Null
        } else if let Some(b) = self.0.as_bool() {
            Kind::Bool(b)
        } else if let Some(n) = self.0.as_f64() {
            Kind::Number(n)
        } else if let Some(s) = self.0.as_string() {
            Kind::String(s)
        } else if js_sys::Array::is_array(&self.0) {
            Kind::Array
        } else {
            Kind::Object
        }
    }

    /// That this value is not what `expected` takes.
    fn invalid(&self, expected: &dyn de::Expected) -> Unreadable {
        let kind = self.kind().name();
        Unreadable(format!("invalid type: {kind}, expected {expected}"))
    }

    /// An object that is not an array.
    fn is_plain_object(&self) -> bool {
        self.0.is_object() && !js_sys::Array::is_array(&self.0)
    }
}

/// Integers a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Deserializer methods that read as another: `a b => c` writes `a` and `b` calling `c`.
macro_rules! read_as {
    ($($($method:ident)+ => $as:ident,)+) => {
        $($(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
                self.$as(visitor)
            }
        )+)+
    };
}

impl<'de> de::Deserializer<'de> for Reader {
    type Error = Unreadable;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.kind() {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            // Whole numbers as integers, which an integer field takes (serde checks its range).
            Kind::Number(n) if n.fract() != 0.0 || n.abs() > SAFE_INTEGER => visitor.visit_f64(n),
            Kind::Number(n) if n >= 0.0 => visitor.visit_u64(n as u64),
            Kind::Number(n) => visitor.visit_i64(n as i64),
            Kind::String(s) => visitor.visit_string(s),
            Kind::Array => self.deserialize_seq(visitor),
            Kind::Object => self.deserialize_map(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        if self.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant is its name (`"contact"`); a variant with data, an object of one entry
    /// (`{"name": data}`), as serde writes them.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        if let Some(name) = self.0.as_string() {
            return visitor.visit_enum(IntoDeserializer::<Unreadable>::into_deserializer(name));
        }
        if !self.is_plain_object() {
            return Err(self.invalid(&visitor));
        }
        let entries = js_sys::Object::entries(self.0.unchecked_ref());
        if entries.length() != 1 {
            return Err(de::Error::invalid_length(
                entries.length() as usize,
                &"one entry",
            ));
        }
        let entry: js_sys::Array = entries.get(0).unchecked_into();
        visitor.visit_enum(Variant {
            name: entry.get(0),
            data: entry.get(1),
        })
    }

    // Each type asks for what it takes, and only that visitor method is called: forwarding all
    // of them to `deserialize_any` would build every visitor method of every type (measured:
    // 23 KB more raw).

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0.as_bool() {
            Some(b) => visitor.visit_bool(b),
            None => Err(self.invalid(&visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=SAFE_INTEGER).contains(&n) => {
                visitor.visit_u64(n as u64)
            }
            _ => Err(self.invalid(&visitor)),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0.as_f64() {
            Some(n) if n.fract() == 0.0 && n.abs() <= SAFE_INTEGER => visitor.visit_i64(n as i64),
            _ => Err(self.invalid(&visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0.as_f64() {
            Some(n) => visitor.visit_f64(n),
            None => Err(self.invalid(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0.as_string() {
            Some(s) => visitor.visit_string(s),
            None => Err(self.invalid(&visitor)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        if self.is_null() {
            visitor.visit_unit()
        } else {
            Err(self.invalid(&visitor))
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        if js_sys::Array::is_array(&self.0) {
            visitor.visit_seq(Items {
                items: self.0.unchecked_into(),
                next: 0,
            })
        } else {
            Err(self.invalid(&visitor))
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        if self.is_plain_object() {
            visitor.visit_map(Entries {
                entries: js_sys::Object::entries(self.0.unchecked_ref()),
                next: 0,
                value: None,
            })
        } else {
            Err(self.invalid(&visitor))
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        self.deserialize_map(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_unit()
    }

    read_as! {
        deserialize_u8 deserialize_u16 deserialize_u32 => deserialize_u64,
        deserialize_i8 deserialize_i16 deserialize_i32 => deserialize_i64,
        deserialize_f32 => deserialize_f64,
        deserialize_char deserialize_str deserialize_identifier => deserialize_string,
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        self.deserialize_seq(visitor)
    }

    // JSON has none of these: whatever asks for them takes what the value is.
    serde::forward_to_deserialize_any! {
        i128 u128 bytes byte_buf
    }
}

/// An array's items, in order.
struct Items {
    items: js_sys::Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Unreadable;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unreadable> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let item = self.items.get(self.next);
        self.next += 1;
        seed.deserialize(Reader(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.items.length() - self.next) as usize)
    }
}

/// An object's own entries (`Object.entries`: its enumerable string keys, in order).
struct Entries {
    entries: js_sys::Array,
    next: u32,
    /// The value of the key just read.
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Unreadable;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unreadable> {
        if self.next >= self.entries.length() {
            return Ok(None);
        }
        let entry: js_sys::Array = self.entries.get(self.next).unchecked_into();
        self.next += 1;
        self.value = Some(entry.get(1));
        seed.deserialize(Reader(entry.get(0))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Unreadable> {
        let value = self.value.take().unwrap_or(JsValue::UNDEFINED);
        seed.deserialize(Reader(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.entries.length() - self.next) as usize)
    }
}

/// A variant with data: its name and what it holds.
struct Variant {
    name: JsValue,
    data: JsValue,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Unreadable;
    type Variant = Reader;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Reader), Unreadable> {
        let name = seed.deserialize(Reader(self.name))?;
        Ok((name, Reader(self.data)))
    }
}

impl<'de> de::VariantAccess<'de> for Reader {
    type Error = Unreadable;

    fn unit_variant(self) -> Result<(), Unreadable> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, Unreadable> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}
