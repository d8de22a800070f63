//! The working copy as four tables for spreadsheets: recommendations (with
//! every organisation's current assessment side by side), indicators,
//! measurements and activities. Archived records are left out, and so are
//! links through them. Each table has a stable order, so that two working
//! copies holding the same changes give the same tables.
//!
//! Everything is read in a handful of queries and joined in memory: a
//! workspace has tens of thousands of recommendations and assessments, and
//! a query per row would take minutes.

use std::collections::HashMap;

use uuid::Uuid;

use super::words::{value, word};
use crate::error::Result;
use crate::model::*;
use crate::workspace::{Workspace, today};

/// One table: a name (the CSV file's stem, the same in every language), a
/// title in the reader's language (the worksheet's name), the column
/// headers, and rows as long as the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: &'static str,
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A quantity (a measurement, a baseline, a target): spreadsheets can
    /// sum and chart it.
    Number(f64),
    Empty,
}

impl Cell {
    /// Text, or an empty cell for an empty text, so that "nothing" looks
    /// the same in every format.
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn number(n: Option<f64>) -> Cell {
        n.map_or(Cell::Empty, Cell::Number)
    }
}

/// Several values in one cell.
const JOIN: &str = "; ";

/// The English text, else the Mongolian one.
fn title<'a>(en: &'a str, mn: &'a str) -> &'a str {
    if en.trim().is_empty() { mn } else { en }
}

/// What the tables share, read once.
struct Context {
    lang: Lang,
    /// Recommendations not archived, in their list order (codes naturally).
    recs: Vec<Recommendation>,
    /// Organisations not archived, by short name: each gets columns.
    orgs: Vec<Organisation>,
    /// Every organisation's short name, archived ones too: a record may
    /// still name one.
    shorts: HashMap<Uuid, String>,
    /// Plan entries not archived, each with the recommendations it serves
    /// (indexes into `recs`, in order).
    plans: HashMap<Uuid, (PlanEntry, Vec<usize>)>,
    activities: Vec<Activity>,
    indicators: Vec<Indicator>,
}

impl Context {
    fn read(ws: &Workspace, lang: Lang) -> Result<Context> {
        let store = ws.store();
        let recs = store.live_recommendations_in_order()?;
        let all_orgs = store.all::<Organisation>()?;
        let shorts = all_orgs.iter().map(|o| (o.id, o.short.clone())).collect();
        let mut orgs: Vec<Organisation> = all_orgs.into_iter().filter(|o| !o.archived).collect();
        orgs.sort_by(|a, b| a.short.cmp(&b.short).then(a.id.cmp(&b.id)));

        let rank: HashMap<Uuid, usize> = recs.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let mut by_cluster: HashMap<Uuid, Vec<usize>> = HashMap::new();
        for (i, r) in recs.iter().enumerate() {
            if let Some(c) = r.cluster {
                by_cluster.entry(c).or_default().push(i);
            }
        }
        let plans = store
            .live::<PlanEntry>()?
            .into_iter()
            .map(|p| {
                let served = match (p.recommendation, p.cluster) {
                    (Some(r), _) => rank.get(&r).copied().into_iter().collect(),
                    (None, Some(c)) => by_cluster.get(&c).cloned().unwrap_or_default(),
                    (None, None) => vec![],
                };
                (p.id, (p, served))
            })
            .collect();
        let mut activities = store.live::<Activity>()?;
        // By start date (none last), end, title: the order of a work plan.
        activities.sort_by_cached_key(|a| {
            let title = title(&a.title_en, &a.title_mn).to_owned();
            (
                a.start.is_none(),
                a.start.clone(),
                a.end.clone(),
                title,
                a.id,
            )
        });
        let mut indicators = store.live::<Indicator>()?;
        indicators.sort_by(|a, b| {
            (title(&a.title_en, &a.title_mn), a.id).cmp(&(title(&b.title_en, &b.title_mn), b.id))
        });
        Ok(Context {
            lang,
            recs,
            orgs,
            shorts,
            plans,
            activities,
            indicators,
        })
    }

    fn short(&self, id: Uuid) -> String {
        self.shorts
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn shorts(&self, ids: &[Uuid]) -> String {
        ids.iter()
            .map(|&id| self.short(id))
            .collect::<Vec<_>>()
            .join(JOIN)
    }

    /// The recommendations a plan entry serves (indexes into `recs`).
    fn served(&self, plan: Option<Uuid>) -> &[usize] {
        plan.and_then(|p| self.plans.get(&p))
            .map_or(&[], |(_, served)| served.as_slice())
    }

    fn codes(&self, plan: Option<Uuid>) -> String {
        self.served(plan)
            .iter()
            .map(|&i| self.recs[i].code.as_str())
            .collect::<Vec<_>>()
            .join(JOIN)
    }
}

impl Workspace {
    /// The four tables of a spreadsheet export, in the order they are
    /// written: recommendations, indicators, measurements, activities; their
    /// titles, headers and closed-list values in `lang`.
    pub fn export_tables(&self, lang: Lang) -> Result<Vec<Table>> {
        let cx = Context::read(self, lang)?;
        Ok(vec![
            recommendations(self, &cx)?,
            indicators(&cx),
            measurements(self, &cx)?,
            activities(&cx),
        ])
    }
}

fn header(lang: Lang, names: &[&str]) -> Vec<String> {
    names.iter().map(|s| word(lang, s)).collect()
}

/// Every organisation's current assessment of every recommendation, by
/// recommendation id.
fn current_assessments(
    ws: &Workspace,
) -> Result<HashMap<String, Vec<(String, crate::store::Current)>>> {
    let mut out: HashMap<String, Vec<(String, crate::store::Current)>> = HashMap::new();
    for (rec, org, current) in ws.store().current_assessments_with_evidence()? {
        out.entry(rec).or_default().push((org, current));
    }
    Ok(out)
}

fn recommendations(ws: &Workspace, cx: &Context) -> Result<Table> {
    let lang = cx.lang;
    let mut head = header(
        lang,
        &[
            "code",
            "mechanism",
            "source document",
            "text (en)",
            "text (mn)",
            "response",
            "themes",
            "lead organisations",
            "supporting organisations",
            "cluster",
            "expected outcomes",
            "activities",
            "indicators",
        ],
    );
    let fixed = head.len();
    for o in &cx.orgs {
        for what in ["level", "date", "evidence"] {
            head.push(format!("{} {}", o.short, word(lang, what)));
        }
    }
    let column: HashMap<String, usize> = cx
        .orgs
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.to_string(), fixed + 3 * i))
        .collect();

    let store = ws.store();
    let sources: HashMap<Uuid, Source> = store
        .all::<Source>()?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let clusters: HashMap<Uuid, Cluster> = store
        .all::<Cluster>()?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut current = current_assessments(ws)?;

    // What hangs from each recommendation through the plan entries that
    // serve it (its own and its cluster's), entries in a stable order.
    let mut entries: Vec<&(PlanEntry, Vec<usize>)> = cx.plans.values().collect();
    entries.sort_by_key(|(p, _)| (p.recommendation.is_none(), p.id));
    let mut outcomes: Vec<Vec<&str>> = vec![vec![]; cx.recs.len()];
    for (p, served) in entries {
        let list = if p.outcomes.is_empty() {
            &p.outcomes_mn
        } else {
            &p.outcomes
        };
        for &i in served {
            outcomes[i].extend(list.iter().map(String::as_str));
        }
    }
    let mut acts: Vec<Vec<&str>> = vec![vec![]; cx.recs.len()];
    for a in &cx.activities {
        for &i in cx.served(Some(a.plan)) {
            acts[i].push(title(&a.title_en, &a.title_mn));
        }
    }
    let mut inds: Vec<Vec<&str>> = vec![vec![]; cx.recs.len()];
    for ind in &cx.indicators {
        for &i in cx.served(ind.plan) {
            inds[i].push(title(&ind.title_en, &ind.title_mn));
        }
    }

    let mut rows = Vec::with_capacity(cx.recs.len());
    for (i, r) in cx.recs.iter().enumerate() {
        let source = sources.get(&r.source);
        let cluster = r.cluster.and_then(|c| clusters.get(&c)).map(|c| {
            let t = title(&c.title_en, &c.title_mn);
            if t.is_empty() {
                c.slug.clone()
            } else {
                t.to_owned()
            }
        });
        let mut row = vec![
            Cell::text(&r.code),
            Cell::text(
                source
                    .map(|s| value(lang, s.mechanism.as_str()))
                    .unwrap_or_default(),
            ),
            Cell::text(source.map(|s| s.document.as_str()).unwrap_or_default()),
            Cell::text(&r.text_en),
            Cell::text(&r.text_mn),
            Cell::text(value(lang, r.response.as_str())),
            Cell::text(r.themes.join(JOIN)),
            Cell::text(cx.shorts(&r.lead)),
            Cell::text(cx.shorts(&r.supporting)),
            Cell::text(cluster.unwrap_or_default()),
            Cell::text(outcomes[i].join(JOIN)),
            Cell::text(acts[i].join(JOIN)),
            Cell::text(inds[i].join(JOIN)),
        ];
        row.resize(head.len(), Cell::Empty);
        for (org, (level, date, evidence)) in current.remove(&r.id.to_string()).unwrap_or_default()
        {
            if let Some(&c) = column.get(&org) {
                row[c] = Cell::text(value(lang, &level));
                row[c + 1] = Cell::text(date);
                row[c + 2] = Cell::text(evidence);
            }
        }
        rows.push(row);
    }
    Ok(Table {
        name: "recommendations",
        title: word(lang, "recommendations"),
        header: head,
        rows,
    })
}

fn indicators(cx: &Context) -> Table {
    let lang = cx.lang;
    // The metadata in the reader's language where it is written in it.
    let pick = |en: &str, mn: &str| {
        Cell::text(match lang {
            Lang::Mn if !mn.trim().is_empty() => mn,
            _ if en.trim().is_empty() => mn,
            _ => en,
        })
    };
    let rows = cx
        .indicators
        .iter()
        .map(|i| {
            vec![
                Cell::text(&i.title_en),
                Cell::text(&i.title_mn),
                Cell::text(value(lang, i.kind.as_str())),
                pick(&i.definition, &i.definition_mn),
                pick(&i.rationale, &i.rationale_mn),
                pick(&i.method, &i.method_mn),
                pick(&i.data_source, &i.data_source_mn),
                pick(&i.disaggregation, &i.disaggregation_mn),
                pick(&i.periodicity, &i.periodicity_mn),
                pick(&i.comments, &i.comments_mn),
                Cell::text(&i.unit),
                Cell::number(i.baseline_value),
                Cell::text(i.baseline_date.clone().unwrap_or_default()),
                Cell::number(i.target_value),
                Cell::text(i.target_date.clone().unwrap_or_default()),
                Cell::text(i.responsible.map(|o| cx.short(o)).unwrap_or_default()),
                Cell::text(value(lang, i.frequency.as_str())),
                Cell::text(cx.codes(i.plan)),
            ]
        })
        .collect();
    Table {
        name: "indicators",
        title: word(lang, "indicators"),
        header: header(
            lang,
            &[
                "title (en)",
                "title (mn)",
                "type",
                "definition",
                "rationale",
                "method",
                "data source",
                "disaggregation",
                "periodicity",
                "comments",
                "unit",
                "baseline value",
                "baseline date",
                "target value",
                "target date",
                "responsible",
                "frequency",
                "recommendations",
            ],
        ),
        rows,
    }
}

fn measurements(ws: &Workspace, cx: &Context) -> Result<Table> {
    // Measurements of an archived indicator are the reporting
    // organisation's records and stay; their indicator is still named.
    let named: HashMap<Uuid, Indicator> = ws
        .store()
        .all::<Indicator>()?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let lang = cx.lang;
    let mut ms = ws.store().live::<Measurement>()?;
    let ind_title = |m: &Measurement| {
        named
            .get(&m.indicator)
            .map_or("", |i| title(&i.title_en, &i.title_mn))
    };
    ms.sort_by_cached_key(|m| {
        (
            ind_title(m).to_owned(),
            m.indicator,
            period_end(&m.period).ok(),
            m.period.clone(),
            cx.short(m.org),
            m.id,
        )
    });
    let rows = ms
        .iter()
        .map(|m| {
            let by = m
                .disaggregated
                .iter()
                .map(|d| format!("{}={}: {}", d.dimension, d.category, d.value))
                .collect::<Vec<_>>()
                .join(JOIN);
            vec![
                Cell::text(ind_title(m)),
                Cell::text(&m.period),
                Cell::Number(m.value),
                Cell::text(named.get(&m.indicator).map_or("", |i| i.unit.as_str())),
                Cell::text(cx.short(m.org)),
                Cell::text(&m.source),
                Cell::text(&m.note),
                Cell::text(by),
            ]
        })
        .collect();
    Ok(Table {
        name: "measurements",
        title: word(lang, "measurements"),
        header: header(
            lang,
            &[
                "indicator",
                "period",
                "value",
                "unit",
                "organisation",
                "source",
                "note",
                "disaggregation",
            ],
        ),
        rows,
    })
}

fn activities(cx: &Context) -> Table {
    let lang = cx.lang;
    let today = today();
    // By the first recommendation served (in list order), then as read.
    let mut acts: Vec<&Activity> = cx.activities.iter().collect();
    acts.sort_by_key(|a| {
        cx.served(Some(a.plan))
            .first()
            .copied()
            .unwrap_or(usize::MAX)
    });
    let rows = acts
        .iter()
        .map(|a| {
            vec![
                Cell::text(cx.codes(Some(a.plan))),
                Cell::text(&a.title_en),
                Cell::text(&a.title_mn),
                Cell::text(a.lead.map(|o| cx.short(o)).unwrap_or_default()),
                Cell::text(cx.shorts(&a.supporting)),
                Cell::text(a.start.clone().unwrap_or_default()),
                Cell::text(a.end.clone().unwrap_or_default()),
                Cell::text(value(lang, a.status.as_str())),
                Cell::text(word(lang, if a.is_overdue(today) { "yes" } else { "no" })),
                Cell::text(&a.budget_note),
            ]
        })
        .collect();
    Table {
        name: "activities",
        title: word(lang, "activities"),
        header: header(
            lang,
            &[
                "recommendation",
                "title (en)",
                "title (mn)",
                "lead",
                "supporting",
                "start",
                "end",
                "status",
                "overdue",
                "budget note",
            ],
        ),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::InitOptions;

    fn workspace(dir: &std::path::Path) -> Workspace {
        Workspace::init(
            dir,
            &InitOptions {
                workspace_name: "Test".into(),
                workspace_name_mn: String::new(),
                country: String::new(),
                org_short: "MOJHA".into(),
                org_name: "Ministry".into(),
                org_name_mn: String::new(),
                org_kind: OrgKind::Government,
                person: "Tester".into(),
                illustrative: false,
            },
        )
        .unwrap()
    }

    fn text(cell: &Cell) -> &str {
        match cell {
            Cell::Text(s) => s,
            Cell::Empty => "",
            Cell::Number(n) => panic!("a number where a text was expected: {n}"),
        }
    }

    #[test]
    fn an_empty_workspace_gives_four_tables_with_headers_only() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        let tables = ws.export_tables(Lang::En).unwrap();
        let names: Vec<_> = tables.iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "recommendations",
                "indicators",
                "measurements",
                "activities"
            ]
        );
        assert!(tables.iter().all(|t| t.rows.is_empty()));
        // The coordinator's organisation has its three columns already.
        let head = &tables[0].header;
        assert_eq!(head[13..], ["MOJHA level", "MOJHA date", "MOJHA evidence"]);
        super::super::write_csv_dir(&tables, &dir.path().join("csv")).unwrap();
        super::super::write_xlsx(&tables, &dir.path().join("out.xlsx")).unwrap();
    }

    #[test]
    fn odd_texts_and_current_assessments_land_in_their_cells() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = workspace(&dir.path().join("ws"));
        let me = ws.me().org;
        let source = Source {
            id: Uuid::new_v4(),
            mechanism: Mechanism::Treaty,
            body: "cat".into(),
            document: "CAT/C/MNG/CO/2".into(),
            ..Default::default()
        };
        ws.create(&source, "source").unwrap();
        let hostile = "=cmd|' /C calc'!A0, \"quoted\"\nsecond line";
        let rec = |code: &str, archived| Recommendation {
            id: Uuid::new_v4(),
            code: code.into(),
            source: source.id,
            text_en: hostile.into(),
            text_mn: "Эрүүдэн шүүх гэмт хэргийг тодорхойлох".into(),
            response: Response::SupportedInPart,
            themes: vec!["torture".into(), "justice".into()],
            lead: vec![me],
            archived,
            ..Default::default()
        };
        let (r10, r2, gone) = (
            rec("107.10", false),
            rec("107.2", false),
            rec("107.1", true),
        );
        ws.create_many(&[r10.clone(), r2.clone(), gone], "recommendations")
            .unwrap();
        let assess = |date: &str, level| Assessment {
            id: Uuid::new_v4(),
            recommendation: r10.id,
            org: me,
            level,
            date: date.into(),
            evidence: format!("as of {date}"),
            ..Default::default()
        };
        ws.create_many(
            &[
                assess("2024-01-31", Level::NotStarted),
                assess("2025-06-30", Level::InProgress),
            ],
            "assessments",
        )
        .unwrap();
        let plan = ws.plan_entry_for(r10.id).unwrap();
        let indicator = Indicator {
            id: Uuid::new_v4(),
            plan: Some(plan),
            title_en: "Cases, investigated".into(),
            unit: "%".into(),
            baseline_value: Some(10.0),
            responsible: Some(me),
            ..Default::default()
        };
        ws.create(&indicator, "indicator").unwrap();
        let activity = Activity {
            id: Uuid::new_v4(),
            plan,
            title_mn: "Сургалт".into(),
            end: Some("2020-01-01".into()),
            ..Default::default()
        };
        ws.create(&activity, "activity").unwrap();
        let m = Measurement {
            id: Uuid::new_v4(),
            indicator: indicator.id,
            org: me,
            period: "2024".into(),
            value: 12.5,
            disaggregated: vec![Disaggregated {
                dimension: "sex".into(),
                category: "female".into(),
                value: 7.0,
            }],
            ..Default::default()
        };
        ws.create(&m, "measurement").unwrap();

        let tables = ws.export_tables(Lang::En).unwrap();
        let recs = &tables[0];
        assert_eq!(recs.rows.len(), 2, "the archived one is left out");
        let codes: Vec<_> = recs.rows.iter().map(|r| text(&r[0])).collect();
        assert_eq!(codes, ["107.2", "107.10"], "codes in natural order");
        let row = &recs.rows[1];
        assert_eq!(text(&row[1]), "treaty");
        assert_eq!(text(&row[2]), "CAT/C/MNG/CO/2");
        assert_eq!(text(&row[3]), hostile);
        assert_eq!(text(&row[4]), "Эрүүдэн шүүх гэмт хэргийг тодорхойлох");
        assert_eq!(text(&row[5]), "supported-in-part");
        assert_eq!(text(&row[6]), "torture; justice");
        assert_eq!(text(&row[7]), "MOJHA");
        assert_eq!(text(&row[11]), "Сургалт");
        assert_eq!(text(&row[12]), "Cases, investigated");
        assert_eq!(
            row[13..].iter().map(text).collect::<Vec<_>>(),
            ["in-progress", "2025-06-30", "as of 2025-06-30"],
            "the newest assessment is the current one"
        );
        assert!(recs.rows[0][13..].iter().all(|c| *c == Cell::Empty));

        let inds = &tables[1];
        assert_eq!(inds.rows[0][11], Cell::Number(10.0));
        assert_eq!(inds.rows[0][13], Cell::Empty);
        assert_eq!(text(&inds.rows[0][15]), "MOJHA");
        assert_eq!(text(&inds.rows[0][17]), "107.10");

        let ms = &tables[2];
        assert_eq!(ms.rows[0][2], Cell::Number(12.5));
        assert_eq!(text(&ms.rows[0][3]), "%");
        assert_eq!(text(&ms.rows[0][7]), "sex=female: 7");

        let acts = &tables[3];
        assert_eq!(text(&acts.rows[0][0]), "107.10");
        assert_eq!(text(&acts.rows[0][7]), "planned");
        assert_eq!(text(&acts.rows[0][8]), "yes");

        for t in &tables {
            assert!(
                t.rows.iter().all(|r| r.len() == t.header.len()),
                "{}",
                t.name
            );
        }
    }
}
