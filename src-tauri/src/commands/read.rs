//! Reading the working copy: lists, views and the dashboard.

use accord_core::model::{Cluster, Device, Organisation, Person, Source, Term};
use accord_core::store::query::{ListFilter, ListPage};
use accord_core::workspace::{
    ActivityRow, ConflictView, Dashboard, HistoryEntry, IndicatorView, MeetingView,
    RecommendationView,
};
use tauri::State;
use uuid::Uuid;

use crate::error::{UiError, UiResult};
use crate::ipc::{ListQuery, Lookups};
use crate::state::AppState;

/// The UI shows one screen of rows at a time; more is never asked for.
const MAX_PAGE: u32 = 1000;

#[tauri::command(async)]
pub fn lookups(state: State<'_, AppState>) -> UiResult<Lookups> {
    state.with(|ws| {
        let store = ws.store();
        Ok(Lookups {
            organisations: store.all::<Organisation>()?,
            clusters: store.all::<Cluster>()?,
            terms: store.all::<Term>()?,
            sources: store.all::<Source>()?,
            people: store.all::<Person>()?,
        })
    })
}

#[tauri::command(async)]
pub fn list_recommendations(state: State<'_, AppState>, query: ListQuery) -> UiResult<ListPage> {
    if query.level.is_some() != query.assessed_by.is_some() {
        return Err(UiError::new(
            "invalid",
            "Choose both an organisation and a level to filter by assessment.",
        ));
    }
    let filter = ListFilter {
        upr_cycle: query.upr_cycle,
        mechanism: query.mechanism,
        response: query.response,
        theme: query.theme,
        responsible: query.responsible,
        lead: query.lead,
        cluster: query.cluster,
        assessed: query.assessed_by.zip(query.level),
        archived: query.archived,
        search: query.search.filter(|s| !s.trim().is_empty()),
        disagree: query.disagree,
        sort: query.sort,
        descending: query.descending,
        offset: query.offset as usize,
        limit: query.limit.clamp(1, MAX_PAGE) as usize,
        ..Default::default()
    };
    state.read(|store| store.list(&filter))
}

#[tauri::command(async)]
pub fn recommendation(state: State<'_, AppState>, id: Uuid) -> UiResult<RecommendationView> {
    state.with(|ws| ws.recommendation_view(id))
}

#[tauri::command(async)]
pub fn history(state: State<'_, AppState>, id: Uuid) -> UiResult<Vec<HistoryEntry>> {
    state.with(|ws| ws.history(id))
}

#[tauri::command(async)]
pub fn conflicts(state: State<'_, AppState>) -> UiResult<Vec<ConflictView>> {
    state.with(|ws| ws.conflicts())
}

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>, cycle: Option<u32>) -> UiResult<Dashboard> {
    state.with(|ws| ws.dashboard(cycle))
}

#[tauri::command(async)]
pub fn activities(state: State<'_, AppState>) -> UiResult<Vec<ActivityRow>> {
    state.with(|ws| ws.activities())
}

#[tauri::command(async)]
pub fn indicators(state: State<'_, AppState>) -> UiResult<Vec<IndicatorView>> {
    state.with(|ws| ws.indicators())
}

#[tauri::command(async)]
pub fn meetings(state: State<'_, AppState>) -> UiResult<Vec<MeetingView>> {
    state.with(|ws| ws.meetings())
}

#[tauri::command(async)]
pub fn devices(state: State<'_, AppState>) -> UiResult<Vec<Device>> {
    state.with(|ws| ws.devices())
}
