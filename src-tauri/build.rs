fn main() {
    // The UI is embedded when the crate compiles: a rebuilt ui/dist must
    // rebuild the crate.
    println!("cargo:rerun-if-changed=ui/dist");
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .config_path("tauri.conf.json")
            .capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri-build failed");
}
