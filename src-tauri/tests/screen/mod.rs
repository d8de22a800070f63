//! Pictures of the app's window taken from the X server the tests run under
//! (Xvfb). WebKitWebDriver's own screenshot waits for a drawing update that
//! WebKit without compositing, the app's mode, never reports.

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt, ImageFormat, MapState, Window};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The largest window on screen titled `title`, as PNG bytes.
pub fn window_png(title: &str) -> Res<Vec<u8>> {
    let (conn, screen) = x11rb::connect(None)?;
    let root = conn.setup().roots[screen].root;
    let mut found = Vec::new();
    windows_titled(&conn, root, title.as_bytes(), &mut found)?;
    let (window, width, height) = found
        .into_iter()
        .max_by_key(|(_, w, h)| u32::from(*w) * u32::from(*h))
        .ok_or_else(|| format!("no window titled {title:?} is shown"))?;
    let image = conn
        .get_image(ImageFormat::Z_PIXMAP, window, 0, 0, width, height, !0)?
        .reply()?;
    // Xvfb's 24-bit screens store a pixel in four bytes, blue first.
    let pixels = usize::from(width) * usize::from(height);
    if image.data.len() != pixels * 4 {
        return Err(format!(
            "unexpected image of {} bytes for {width}x{height} (depth {})",
            image.data.len(),
            image.depth
        )
        .into());
    }
    let rgb: Vec<u8> = image
        .data
        .chunks_exact(4)
        .flat_map(|p| [p[2], p[1], p[0]])
        .collect();
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width.into(), height.into());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&rgb)?;
    Ok(png)
}

fn windows_titled(
    conn: &impl Connection,
    window: Window,
    title: &[u8],
    found: &mut Vec<(Window, u16, u16)>,
) -> Res<()> {
    let name = conn
        .get_property(false, window, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 1024)?
        .reply()?;
    if name.value == title
        && conn.get_window_attributes(window)?.reply()?.map_state == MapState::VIEWABLE
    {
        let geometry = conn.get_geometry(window)?.reply()?;
        found.push((window, geometry.width, geometry.height));
    }
    for child in conn.query_tree(window)?.reply()?.children {
        windows_titled(conn, child, title, found)?;
    }
    Ok(())
}
