//! Real Syncthing daemons for the scenarios and the delay benchmark: each
//! office runs its own (Debian's `syncthing`), on 127.0.0.1 only, with
//! global and local discovery, relays, NAT traversal, usage and crash
//! reporting off, configured through its REST API, its home in a temporary
//! folder, and stopped when dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The folder every office shares, as Syncthing names it.
pub const FOLDER_ID: &str = "accord";

/// A running daemon.
pub struct Daemon {
    pub name: String,
    pub id: String,
    /// The folder it keeps in step with the others.
    pub folder: PathBuf,
    listen: u16,
    gui: u16,
    key: String,
    child: Child,
}

/// A port on 127.0.0.1 that nothing listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// The whole configuration, written before the daemon first starts: it
/// never listens, announces or reports anywhere but on loopback.
fn config(version: &str, gui: u16, listen: u16, key: &str) -> String {
    format!(
        r#"<configuration version="{version}">
    <gui enabled="true" tls="false">
        <address>127.0.0.1:{gui}</address>
        <apikey>{key}</apikey>
        <theme>default</theme>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{listen}</listenAddress>
        <globalAnnounceServer></globalAnnounceServer>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <stunServer></stunServer>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <crashReportingEnabled>false</crashReportingEnabled>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <startBrowser>false</startBrowser>
        <announceLANAddresses>false</announceLANAddresses>
        <setLowPriority>false</setLowPriority>
    </options>
</configuration>
"#
    )
}

impl Daemon {
    /// Starts a daemon with its home and shared folder under `dir`.
    pub fn start(dir: &Path, name: &str) -> Daemon {
        let home = dir.join(format!("{name}-syncthing"));
        let folder = dir.join(format!("{name}-folder"));
        std::fs::create_dir_all(&folder).unwrap();
        // Keys and certificate first; then our configuration replaces the
        // generated one before the daemon ever runs.
        let out = Command::new("syncthing")
            .args(["generate", "--no-default-folder", "--skip-port-probing"])
            .arg(format!("--home={}", home.display()))
            .output()
            .expect("syncthing is installed (scripts/setup installs it)");
        assert!(out.status.success(), "syncthing generate: {out:?}");
        let (gui, listen) = (free_port(), free_port());
        let key = format!("accord-test-{}", uuid::Uuid::new_v4().simple());
        // The generated file says which version of the format this
        // Syncthing writes; ours keeps it.
        let generated = std::fs::read_to_string(home.join("config.xml")).unwrap();
        let version = generated
            .split_once("<configuration version=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(v, _)| v.to_owned())
            .expect("a version in the generated configuration");
        std::fs::write(home.join("config.xml"), config(&version, gui, listen, &key)).unwrap();
        let log = std::fs::File::create(dir.join(format!("{name}-syncthing.log"))).unwrap();
        let child = Command::new("syncthing")
            .args(["serve", "--no-browser", "--no-restart", "--no-upgrade"])
            .arg(format!("--home={}", home.display()))
            .env("STNODEFAULTFOLDER", "1")
            .env("STNOUPGRADE", "1")
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start syncthing");
        let mut daemon = Daemon {
            name: name.into(),
            id: String::new(),
            folder,
            listen,
            gui,
            key,
            child,
        };
        let status = daemon.until("its REST API answers", Duration::from_secs(60), |d| {
            d.get("/rest/system/status").ok()
        });
        daemon.id = status["myID"].as_str().unwrap().to_owned();
        daemon
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.gui)
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into()
    }

    pub fn get(&self, path: &str) -> Result<Value, ureq::Error> {
        Self::agent()
            .get(&self.url(path))
            .header("X-API-Key", &self.key)
            .call()?
            .body_mut()
            .read_json()
    }

    fn send(&self, method: &str, path: &str, body: &Value) {
        let agent = Self::agent();
        let url = self.url(path);
        let result = match method {
            "POST" => agent
                .post(&url)
                .header("X-API-Key", &self.key)
                .send_json(body),
            "PATCH" => agent
                .patch(&url)
                .header("X-API-Key", &self.key)
                .send_json(body),
            other => panic!("{other}"),
        };
        if let Err(e) = result {
            panic!("{} {method} {path}: {e}", self.name);
        }
    }

    /// Knows `other` as a peer at its loopback address.
    pub fn add_peer(&self, other: &Daemon) {
        self.send(
            "POST",
            "/rest/config/devices",
            &json!({
                "deviceID": other.id,
                "name": other.name,
                "addresses": [format!("tcp://127.0.0.1:{}", other.listen)],
                "autoAcceptFolders": false,
            }),
        );
    }

    /// Shares its folder with `peers`: watched for changes and sent within
    /// a second, as README advises for Accord. Symbolic links are synced as
    /// links (Syncthing's default), so a link a peer places arrives as one.
    pub fn share(&self, peers: &[&Daemon]) {
        let devices: Vec<Value> = peers
            .iter()
            .map(|p| json!({ "deviceID": p.id }))
            .chain([json!({ "deviceID": self.id })])
            .collect();
        self.send(
            "POST",
            "/rest/config/folders",
            &json!({
                "id": FOLDER_ID,
                "label": "Accord",
                "path": self.folder,
                "type": "sendreceive",
                "devices": devices,
                "fsWatcherEnabled": true,
                "fsWatcherDelayS": 1,
                "rescanIntervalS": 10,
            }),
        );
    }

    /// Polls `f` every 200 ms until it gives a value; panics with `what`
    /// (and the daemon's name) after `limit`.
    pub fn until<T>(
        &mut self,
        what: &str,
        limit: Duration,
        mut f: impl FnMut(&Daemon) -> Option<T>,
    ) -> T {
        let start = Instant::now();
        loop {
            if let Some(v) = f(self) {
                return v;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{}: syncthing exited ({status}) waiting for {what}",
                    self.name
                );
            }
            assert!(
                start.elapsed() < limit,
                "{}: no {what} after {limit:?}",
                self.name
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Whether it is connected to `other`.
    pub fn connected_to(&self, other: &Daemon) -> bool {
        self.get("/rest/system/connections")
            .ok()
            .and_then(|c| c["connections"][&other.id]["connected"].as_bool())
            .unwrap_or(false)
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = Self::agent()
            .post(&self.url("/rest/system/shutdown"))
            .header("X-API-Key", &self.key)
            .send_empty();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts one daemon an office, each knowing the others, all sharing one
/// folder, and waits until every pair is connected.
pub fn network(dir: &Path, names: &[&str]) -> Vec<Daemon> {
    let mut daemons: Vec<Daemon> = names.iter().map(|n| Daemon::start(dir, n)).collect();
    for a in &daemons {
        for b in &daemons {
            if a.id != b.id {
                a.add_peer(b);
            }
        }
    }
    for a in &daemons {
        let peers: Vec<&Daemon> = daemons.iter().filter(|b| b.id != a.id).collect();
        a.share(&peers);
    }
    let ids: Vec<(String, String)> = daemons
        .iter()
        .map(|d| (d.id.clone(), d.name.clone()))
        .collect();
    for d in &mut daemons {
        for (id, name) in &ids {
            if *id == d.id {
                continue;
            }
            d.until(
                &format!("a connection to {name}"),
                Duration::from_secs(180),
                |d| {
                    d.get("/rest/system/connections")
                        .ok()
                        .and_then(|c| c["connections"][id]["connected"].as_bool())
                        .filter(|c| *c)
                },
            );
        }
    }
    daemons
}
