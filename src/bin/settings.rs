//! The admin's bundle: the settings page, served at `/settings`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(sidecard::views::SettingsPage);
}
