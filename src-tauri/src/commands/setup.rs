//! First start: open the demo, create a workspace, or join one; and what
//! the app knows of this device.

use accord_core::Workspace;
use accord_core::doc::{DocId, permissions};
use accord_core::workspace::{InitOptions, Standing};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::UiResult;
use crate::ipc::{AppStatus, JoinArgs, MayNot, MeView};
use crate::state::AppState;

fn me_view(ws: &Workspace) -> accord_core::Result<MeView> {
    let org = ws.my_org()?;
    let me = ws.me();
    let workspace = ws
        .store()
        .all::<accord_core::model::WorkspaceInfo>()?
        .into_iter()
        .next()
        .unwrap_or_default();
    let standing = ws.standing()?;
    let revoked = (standing == Standing::Revoked).then(|| {
        "this device was revoked from the roster: its working copy can be read but not changed"
            .to_owned()
    });
    let may = |doc| {
        revoked
            .clone()
            .or_else(|| permissions::may_write(doc, &org).err())
    };
    Ok(MeView {
        may_not: MayNot {
            plan: may(DocId::Plan),
            roster: may(DocId::Roster),
            catalogue: may(DocId::Catalogue),
            meetings: may(DocId::Meetings),
            own: may(DocId::Org(org.id)),
        },
        person: ws.my_person()?,
        device: me.device,
        device_key: ws.device_key_hex(),
        standing,
        workspace,
        org,
    })
}

#[tauri::command(async)]
pub fn app_status(state: State<'_, AppState>) -> UiResult<AppStatus> {
    let me = if state.is_open() {
        Some(state.with(|ws| me_view(ws))?)
    } else {
        None
    };
    Ok(AppStatus {
        dir: state.dir.display().to_string(),
        me,
        problem: state.problem.clone(),
    })
}

#[tauri::command(async)]
pub fn open_demo(app: AppHandle, state: State<'_, AppState>) -> UiResult<AppStatus> {
    state.install(accord_core::demo::create)?;
    changed(&app, "edit");
    app_status(state)
}

#[tauri::command(async)]
pub fn create_workspace(
    app: AppHandle,
    state: State<'_, AppState>,
    options: InitOptions,
) -> UiResult<AppStatus> {
    state.install(|dir| Workspace::init(dir, &options))?;
    changed(&app, "edit");
    app_status(state)
}

#[tauri::command(async)]
pub fn join_workspace(
    app: AppHandle,
    state: State<'_, AppState>,
    args: JoinArgs,
) -> UiResult<AppStatus> {
    let file = std::path::PathBuf::from(&args.file);
    state.install(|dir| Workspace::join_file(dir, &file, &args.passphrase, &args.person))?;
    changed(&app, "edit");
    app_status(state)
}
