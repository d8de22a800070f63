//! The UI calls the shell's commands by name, with its arguments as keys of
//! an object (lib/api.ts); a misspelt name or key fails only at run time.
//! This reads both sides and says where they differ.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Arguments the shell injects; the UI does not send them.
const INJECTED: &[&str] = &[
    "AppHandle",
    "State<",
    "Window",
    "tauri::AppHandle",
    "tauri::Window",
];

/// The text between the bracket at `open` and the one closing it.
fn inside(text: &str, open: usize) -> &str {
    let bytes = text.as_bytes();
    let (o, c) = (bytes[open], if bytes[open] == b'(' { b')' } else { b'}' });
    let mut depth = 0;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        if b == o {
            depth += 1;
        } else if b == c {
            depth -= 1;
            if depth == 0 {
                return &text[open + 1..i];
            }
        }
    }
    panic!("unbalanced bracket at {open}");
}

/// Splits on commas outside <>, () and {}.
fn top_level(list: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (vec![], String::new(), 0i32);
    for ch in list.chars() {
        match ch {
            '<' | '(' | '{' | '[' => depth += 1,
            '>' | ')' | '}' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Tauri takes a command's arguments under their camelCase names.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for ch in snake.chars() {
        if ch == '_' {
            up = true;
        } else if up {
            out.extend(ch.to_uppercase());
            up = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// Every command the shell defines: name → the argument keys the UI sends.
fn commands(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("src-tauri/src/commands")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (at, _) in text.match_indices("#[tauri::command") {
            let rest = &text[at..];
            let name_at = rest.find("pub fn ").unwrap() + "pub fn ".len();
            let name_end = name_at + rest[name_at..].find('(').unwrap();
            let name = rest[name_at..name_end].trim().to_owned();
            let params = top_level(inside(rest, name_end))
                .into_iter()
                .filter_map(|p| {
                    let (arg, ty) = p.split_once(':')?;
                    let ty = ty.trim();
                    (!INJECTED.iter().any(|i| ty.starts_with(i))).then(|| camel(arg.trim()))
                })
                .collect();
            out.insert(name, params);
        }
    }
    out
}

/// Every call of the UI: command name → the keys it sends.
fn calls(root: &Path) -> Vec<(String, BTreeSet<String>)> {
    let text = std::fs::read_to_string(root.join("ui/src/lib/api.ts")).unwrap();
    let mut out = vec![];
    for (at, _) in text.match_indices("call<") {
        let rest = &text[at..];
        let quote = rest.find("('").unwrap() + 2;
        let end = quote + rest[quote..].find('\'').unwrap();
        let name = rest[quote..end].to_owned();
        let after = rest[end + 1..].trim_start();
        let keys = if let Some(obj) = after.strip_prefix(',') {
            let open = end + 1 + (rest[end + 1..].len() - after.len()) + 1;
            let open = open + rest[open..].find('{').unwrap();
            debug_assert!(obj.trim_start().starts_with('{'));
            top_level(inside(rest, open))
                .into_iter()
                .map(|k| k.split(':').next().unwrap().trim().to_owned())
                .collect()
        } else {
            BTreeSet::new()
        };
        out.push((name, keys));
    }
    out
}

#[test]
fn the_ui_calls_commands_the_shell_has_with_the_arguments_they_take() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let defined = commands(root);
    let registered = std::fs::read_to_string(root.join("src-tauri/src/lib.rs")).unwrap();
    let called = calls(root);
    assert!(called.len() > 30, "api.ts was read: {} calls", called.len());
    let mut wrong = vec![];
    for (name, keys) in &called {
        match defined.get(name) {
            None => wrong.push(format!("{name}: no such command")),
            Some(params) if params != keys => wrong.push(format!(
                "{name}: the UI sends {keys:?}, the command takes {params:?}"
            )),
            Some(_) => {}
        }
        if !registered.contains(&format!("::{name},")) {
            wrong.push(format!("{name}: not registered in the shell's handler"));
        }
    }
    for name in defined.keys() {
        if !called.iter().any(|(n, _)| n == name) {
            wrong.push(format!("{name}: the UI never calls it"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
