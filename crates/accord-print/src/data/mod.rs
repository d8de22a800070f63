//! The data each template reads, built from the working copy in a few
//! queries. Everything is put in words here (names, numbers, dates), so the
//! templates only lay it out.

mod indicator;
mod pack;
mod plan;
mod recommendation;

use std::collections::HashMap;

use accord_core::Workspace;
use accord_core::model::{Lang, Organisation, Term, Vocabulary, WorkspaceInfo};
use serde_json::{Value as Json, json};
use uuid::Uuid;

use crate::{Doc, Options, Result};

/// What building a document's data needs besides the working copy.
pub(crate) struct Ctx<'a> {
    pub ws: &'a Workspace,
    pub lang: Lang,
    pub today: jiff::civil::Date,
    pub orgs: HashMap<Uuid, Organisation>,
    /// Themes' labels (English, Mongolian) by code.
    pub themes: HashMap<String, (String, String)>,
}

impl Ctx<'_> {
    /// The text in the chosen language, else the other one, and whether it
    /// fell back.
    pub fn pick<'s>(&self, en: &'s str, mn: &'s str) -> (&'s str, bool) {
        let (want, other) = match self.lang {
            Lang::En => (en, mn),
            Lang::Mn => (mn, en),
        };
        if want.trim().is_empty() {
            (other, !other.trim().is_empty())
        } else {
            (want, false)
        }
    }

    pub fn short(&self, id: Option<Uuid>) -> String {
        id.and_then(|id| self.orgs.get(&id))
            .map(|o| o.short.clone())
            .unwrap_or_default()
    }

    /// "NHRCM — National Human Rights Commission of Mongolia".
    pub fn full_name(&self, id: Uuid) -> String {
        self.orgs.get(&id).map_or_else(String::new, |o| {
            let (name, _) = self.pick(&o.name_en, &o.name_mn);
            if name.is_empty() {
                o.short.clone()
            } else {
                format!("{} — {name}", o.short)
            }
        })
    }

    /// A theme's label in the chosen language, else its code.
    pub fn theme(&self, code: &str) -> String {
        self.themes
            .get(code)
            .map(|(en, mn)| self.pick(en, mn).0.to_owned())
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| code.to_owned())
    }

    pub fn shorts(&self, ids: &[Uuid]) -> String {
        ids.iter()
            .map(|id| self.short(Some(*id)))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A number as people write it: no ".0" on whole numbers, at most three
/// decimals.
pub(crate) fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A value with its date, e.g. "42 (2015-12-31)".
pub(crate) fn dated(value: Option<f64>, date: Option<&str>, unit: &str) -> String {
    let Some(value) = value else {
        return String::new();
    };
    let mut s = number(value);
    if !unit.is_empty() {
        s = format!("{s} {unit}");
    }
    match date {
        Some(d) if !d.is_empty() => format!("{s} ({d})"),
        _ => s,
    }
}

pub(crate) fn build(ws: &Workspace, doc: &Doc, options: Options) -> Result<Vec<u8>> {
    let orgs = ws
        .store()
        .all::<Organisation>()?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let themes = ws
        .store()
        .all::<Term>()?
        .into_iter()
        .filter(|t| t.vocabulary == Vocabulary::Theme)
        .map(|t| (t.code, (t.label_en, t.label_mn)))
        .collect();
    let ctx = Ctx {
        ws,
        lang: options.lang,
        today: options.today,
        orgs,
        themes,
    };
    let (org, body) = match doc {
        Doc::Indicators { ids, org } => (*org, indicator::sheets(&ctx, ids, *org)?),
        Doc::Recommendation(id) => (None, recommendation::sheet(&ctx, *id)?),
        Doc::Plan { org } => (Some(*org), plan::plan(&ctx, *org)?),
        Doc::Pack { meeting } => (None, pack::pack(&ctx, *meeting)?),
    };
    let info = ws.store().all::<WorkspaceInfo>()?.into_iter().next();
    let workspace = info
        .map(|i| ctx.pick(&i.name_en, &i.name_mn).0.to_owned())
        .unwrap_or_default();
    // The header names the organisation the document is about, else the
    // one that printed it.
    let printed_by = org.is_none();
    let org = org
        .or_else(|| ws.my_org().ok().map(|o| o.id))
        .map(|id| ctx.full_name(id));
    let mut data = json!({
        "lang": options.lang.to_string(),
        "workspace": workspace,
        "org": org,
        "printed_by": printed_by,
        "printed": options.today.to_string(),
    });
    if let (Json::Object(data), Json::Object(body)) = (&mut data, body) {
        data.extend(body);
    }
    Ok(serde_json::to_vec(&data).expect("JSON values serialise"))
}
