//! The desktop app under tauri-driver and WebKitWebDriver, for the
//! end-to-end tests and the startup benchmark.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

pub type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// tauri-driver on ports of its own, stopped with SIGTERM so that it stops
/// the WebKitWebDriver it started.
pub struct Driver {
    child: Child,
    port: u16,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A folder of the web view's own beside a test's working copy.
fn web_data(workspace: &Path, what: &str) -> std::path::PathBuf {
    let name = workspace.file_name().unwrap_or_default().to_string_lossy();
    workspace.with_file_name(format!(".{name}-web-{what}"))
}

impl Driver {
    pub fn start(workspace: &Path) -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the end-to-end tests need a display: run them under xvfb-run (scripts/test does)"
        );
        let (port, native) = (free_port(), free_port());
        let child = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("ACCORD_WORKSPACE", workspace)
            // The web view keeps what the page stores (the chosen language)
            // beside the test's working copy, not in the user's data.
            .env("XDG_DATA_HOME", web_data(workspace, "data"))
            .env("XDG_CACHE_HOME", web_data(workspace, "cache"))
            // The app as shipped: a compositing setting the user's
            // environment may hold is not the test's.
            .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver is not installed: cargo install tauri-driver --locked --version 2.1.0");
        // A session asked for before WebKitWebDriver listens is never
        // answered: wait for both.
        let until = Instant::now() + Duration::from_secs(30);
        for p in [port, native] {
            while TcpStream::connect(("127.0.0.1", p)).is_err() {
                assert!(
                    Instant::now() < until,
                    "tauri-driver or WebKitWebDriver did not start"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Driver { child, port }
    }

    pub async fn session(&self) -> Res<Client> {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": env!("CARGO_BIN_EXE_accord-desktop") }),
        );
        let mut builder = ClientBuilder::new(HttpConnector::new());
        // WebKitWebDriver otherwise waits, before each command, for the
        // page's navigation to complete, which it learns from a drawing
        // update that WebKit without compositing (the app's mode,
        // webview.rs) never reports: every command would hang. The tests
        // wait for what they need on the page themselves.
        caps.insert("pageLoadStrategy".into(), serde_json::json!("none"));
        builder.capabilities(caps);
        let mut tries = 0;
        eprintln!("e2e: asking for a session");
        loop {
            let url = format!("http://127.0.0.1:{}", self.port);
            match tokio::time::timeout(Duration::from_secs(30), builder.connect(&url)).await {
                Ok(Ok(c)) => return Ok(c),
                // WebKitWebDriver may still be starting behind tauri-driver.
                _ if tries < 5 => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Ok(Err(e)) => return Err(e.into()),
                Err(_) => return Err("no WebDriver session within 30 s".into()),
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
