//! The web view tuned for what Accord shows: forms, tables and images of
//! printed pages, no video, 3D or web browsing. Each setting trades
//! something a web browser needs for memory that the offices' machines,
//! often small, keep for their other programs. Measured on the 10,000-
//! recommendation workspace under Xvfb: the web process holds 218 MB with
//! WebKit's defaults and 125 MB without compositing.

/// Settings WebKit reads only when its first process starts. Called before
/// the shell starts any thread.
pub fn before_start() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // Compositing keeps a GL context and layer textures in the web
        // process (under a software renderer, in its memory); the app's
        // pages are flat and scroll fine without it. Set here, before
        // WebKit starts, it holds from the first frame rather than
        // switching the page's rendering once it is loaded; a user who sets
        // the variable keeps their choice.
        // SAFETY: no other thread exists yet to read the environment.
        unsafe { std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1") };
    }
}

/// Settings of the main window's web view that apply at any time.
#[cfg(target_os = "linux")]
pub fn lighten(app: &tauri::App) {
    use tauri::Manager;
    use webkit2gtk::{SettingsExt, WebViewExt};
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let applied = window.with_webview(|webview| {
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_webgl(false);
            // There is one page; the back-forward cache would only hold
            // copies of it.
            settings.set_enable_page_cache(false);
        }
        // WebKit's smallest cache model (a document viewer's) saved no
        // memory here and made a sheet's preview 35 ms slower: left as is.
    });
    if let Err(e) = applied {
        eprintln!("accord-desktop: the web view keeps its default settings: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn lighten(_app: &tauri::App) {}
