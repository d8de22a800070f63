//! Invites a coordinator makes, lists and cancels, and the checks a join
//! request passes before its device is admitted.

use serde::Serialize;
use uuid::Uuid;

use super::sync::SyncReport;
use super::{Workspace, now_ms};
use crate::doc::DocId;
use crate::error::{Error, Result};
use crate::model::{OrgKind, Organisation, Record, RecordKind, Role, WorkspaceInfo};
use crate::problem::Problem;
use crate::store::InviteRow;
use crate::sync::folder::{FileProblem, JOIN_REQUEST_FILE};
use crate::sync::invite::{self, Invite, InviteError, JoinRequest};

/// Days an invite lasts unless the coordinator says otherwise.
pub const INVITE_DAYS: u32 = 14;
/// The longest an invite may last.
pub const INVITE_DAYS_MAX: u32 = 90;
const DAY_MS: i64 = 86_400_000;

/// What a coordinator asks for.
#[derive(Debug, Clone)]
pub struct InviteRequest {
    /// The organisation's short name: one on the roster, or a new one of
    /// `kind`, added only if the invite is made.
    pub org: String,
    pub kind: Option<OrgKind>,
    pub passphrase: String,
    /// How many days the invite can be used.
    pub days: u32,
}

/// Where an invite stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum InviteState {
    /// It can still be used.
    Open,
    /// A device joined with it and was admitted (its key, hex).
    Used {
        device: String,
    },
    Expired,
    Cancelled,
}

/// An invite as the coordinator who made it sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InviteView {
    pub id: String,
    pub org: String,
    pub org_short: String,
    /// Milliseconds since the epoch, as `expires`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub created: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub expires: i64,
    pub state: InviteState,
}

impl InviteView {
    fn of(row: &InviteRow, now: i64) -> InviteView {
        let state = if let Some(device) = &row.used_by {
            InviteState::Used {
                device: device.clone(),
            }
        } else if row.cancelled.is_some() {
            InviteState::Cancelled
        } else if now > row.expires {
            InviteState::Expired
        } else {
            InviteState::Open
        };
        InviteView {
            id: row.id.clone(),
            org: row.org.clone(),
            org_short: row.org_name.clone(),
            created: row.created,
            expires: row.expires,
            state,
        }
    }
}

/// An invite file made, and what it is.
pub struct InviteMade {
    pub bytes: Vec<u8>,
    pub invite: InviteView,
}

/// An invite refused, as a problem of the field that holds the fault: the
/// passphrase, or the invite file.
pub(super) fn invite_error(e: InviteError) -> Error {
    match e {
        InviteError::WeakPassphrase {
            guesses_log10,
            hint,
        } => Error::problem(
            "passphrase",
            Problem::WeakPassphrase {
                guesses_log10,
                hint,
            },
        ),
        InviteError::WrongPassphrase => Error::problem("passphrase", Problem::WrongPassphrase),
        InviteError::NotAnInvite => Error::problem("invite", Problem::NotAnInvite),
        InviteError::Outdated => Error::problem("invite", Problem::OutdatedInvite),
        InviteError::Malformed(_) => Error::invalid("invite", e.to_string()),
    }
}

impl Workspace {
    /// A strong passphrase to protect an invite with.
    pub fn propose_passphrase() -> String {
        invite::propose_passphrase()
    }

    /// Makes an invite for one new device of an organisation (coordinators).
    /// The passphrase must be hard to guess. The token it carries is
    /// remembered here: this device's next sync admits the device that
    /// brings it, until the invite expires or is cancelled. Nothing is
    /// written unless the invite is made: a new organisation is added in
    /// the same transaction as the invite.
    pub fn invite(&mut self, request: &InviteRequest) -> Result<InviteMade> {
        let mine = self.my_org()?;
        if mine.role != Role::Coordinator || self.pending_join()?.is_some() {
            return Err(Error::Forbidden(format!(
                "only a coordinator's device may invite; {} is not a coordinator",
                mine.short
            )));
        }
        if !(1..=INVITE_DAYS_MAX).contains(&request.days) {
            return Err(Error::invalid(
                "days",
                format!(
                    "an invite lasts from 1 to {INVITE_DAYS_MAX} days, not {}",
                    request.days
                ),
            ));
        }
        let info = self.store.all::<WorkspaceInfo>()?.into_iter().next();
        let names = self.store.all::<Organisation>()?;
        let mut context: Vec<&str> = vec!["accord", &request.org];
        if let Some(i) = &info {
            context.extend([i.name_en.as_str(), i.name_mn.as_str(), i.country.as_str()]);
        }
        context.extend(
            names
                .iter()
                .flat_map(|o| [o.short.as_str(), o.name_en.as_str()]),
        );
        invite::check_passphrase(&request.passphrase, &context).map_err(invite_error)?;

        let ws_id = self.workspace_id()?;
        let key = hex::encode(self.workspace_key()?.bytes());
        let inviter = self.identity.public_hex();
        let workspace_name = info.as_ref().map(|i| i.name_en.clone()).unwrap_or_default();
        self.transaction(|ws| {
            let target = ws.org_for_invite(&request.org, request.kind)?;
            let mut token = [0u8; 16];
            getrandom::fill(&mut token).expect("the operating system's random source failed");
            let now = now_ms();
            let row = InviteRow {
                token: hex::encode(token),
                id: hex::encode(Uuid::new_v4().as_bytes()),
                org: target.id.to_string(),
                org_name: target.short.clone(),
                created: now,
                expires: now + i64::from(request.days) * DAY_MS,
                cancelled: None,
                used_by: None,
            };
            let hexes = |doc: DocId| -> Result<Vec<String>> {
                Ok(ws
                    .store
                    .changes_after(doc, 0)?
                    .into_iter()
                    .map(|c| hex::encode(c.bytes))
                    .collect())
            };
            let contents = Invite {
                id: Uuid::from_slice(&hex::decode(&row.id).expect("hex")).expect("16 bytes"),
                workspace: ws_id,
                workspace_name,
                key,
                org: target.id,
                org_name: target.short.clone(),
                token: row.token.clone(),
                inviter,
                expires: row.expires,
                roster: hexes(DocId::Roster)?,
                org_doc: hexes(DocId::Org(target.id))?,
                keys: ws
                    .store
                    .keys()?
                    .into_iter()
                    .filter(|k| k.scope == crate::sync::keys::Scope::Workspace.to_string())
                    .map(|k| invite::InviteKey {
                        secret: hex::encode(k.secret),
                        excludes: k.excludes,
                    })
                    .collect(),
            };
            let bytes =
                invite::seal(&contents, &request.passphrase, &context).map_err(invite_error)?;
            ws.store.add_invite(&row)?;
            Ok(InviteMade {
                bytes,
                invite: InviteView::of(&row, now),
            })
        })
    }

    /// The organisation an invite is for: an existing one named by its
    /// short name, or a new one of `kind`.
    fn org_for_invite(&mut self, name: &str, kind: Option<OrgKind>) -> Result<Organisation> {
        if let Ok(id) = self.resolve_ref(RecordKind::Organisation, name) {
            let org: Organisation = self.store.get(id)?.ok_or(Error::NotFound {
                what: "organisation",
                key: name.to_owned(),
            })?;
            if let Some(k) = kind
                && k != org.kind
            {
                return Err(Error::invalid(
                    "kind",
                    format!("{} is on the roster as {}, not {k}", org.short, org.kind),
                ));
            }
            if org.archived {
                return Err(Error::invalid(
                    "org",
                    format!("{} is archived; restore it before inviting", org.short),
                ));
            }
            return Ok(org);
        }
        let Some(kind) = kind else {
            return Err(Error::NotFound {
                what: "organisation (give its kind to add it)",
                key: name.to_owned(),
            });
        };
        let org = Organisation {
            id: Uuid::new_v4(),
            short: name.trim().to_owned(),
            name_en: name.trim().to_owned(),
            kind,
            role: Role::Member,
            ..Default::default()
        };
        org.validate()?;
        self.create(&org, &format!("add organisation {}", org.short))?;
        Ok(org)
    }

    /// The invites this device made, the newest first.
    pub fn invites(&self) -> Result<Vec<InviteView>> {
        let now = now_ms();
        Ok(self
            .store
            .invites()?
            .iter()
            .map(|r| InviteView::of(r, now))
            .collect())
    }

    /// Cancels an open invite, named by its id or the start of it (at least
    /// 6 characters): no device is admitted with it afterwards.
    pub fn cancel_invite(&mut self, id: &str) -> Result<InviteView> {
        let id = id.trim().to_lowercase();
        if id.len() < 6 {
            return Err(Error::invalid(
                "invite",
                "give at least 6 characters of the invite's id",
            ));
        }
        let now = now_ms();
        let rows: Vec<InviteRow> = self
            .store
            .invites()?
            .into_iter()
            .filter(|r| r.id.starts_with(&id))
            .collect();
        let row = super::the_one(rows, "invite", &id, |r| r.id[..12].to_owned())?;
        match InviteView::of(&row, now).state {
            InviteState::Open => {}
            InviteState::Used { device } => {
                return Err(Error::invalid(
                    "invite",
                    format!(
                        "this invite was used already by device {}; revoke the device instead",
                        &device[..12.min(device.len())]
                    ),
                ));
            }
            InviteState::Expired => {
                return Err(Error::invalid("invite", "this invite has expired already"));
            }
            InviteState::Cancelled => {
                return Err(Error::invalid("invite", "this invite is cancelled already"));
            }
        }
        self.transaction(|ws| ws.store.cancel_invite(&row.id, now))?;
        Ok(InviteView::of(
            &InviteRow {
                cancelled: Some(now),
                ..row
            },
            now,
        ))
    }

    /// Admits a device that asks with an invite this device made. Returns
    /// its key, or None if the invite is another coordinator's or the
    /// request is refused (with the reason in the report).
    pub(super) fn admit_request(
        &mut self,
        device: &str,
        request: &JoinRequest,
        report: &mut SyncReport,
    ) -> Result<Option<String>> {
        let Some(row) = self.store.invite(&request.token)? else {
            return Ok(None);
        };
        let now = now_ms();
        let reason = match InviteView::of(&row, now).state {
            InviteState::Used { device: used } if used == device => return Ok(None),
            InviteState::Used { .. } => Some("its invite was used already by another device"),
            InviteState::Cancelled => Some("its invite was cancelled"),
            InviteState::Expired => Some("its invite has expired; make a new one"),
            InviteState::Open => self.join_request_problem(&row, request)?,
        };
        if let Some(reason) = reason {
            report.skipped.push(FileProblem {
                file: format!("{device}/{JOIN_REQUEST_FILE}"),
                reason: reason.to_owned(),
            });
            return Ok(None);
        }
        self.admit_device_as(device, request)?;
        self.store.use_invite(&request.token, device)?;
        Ok(Some(device.to_owned()))
    }

    /// Why a join request may not be answered as it asks: the ids it chose
    /// for its device and person must be new, its organisation its invite's.
    fn join_request_problem(
        &self,
        row: &InviteRow,
        request: &JoinRequest,
    ) -> Result<Option<&'static str>> {
        if row.org != request.org.to_string() {
            return Ok(Some("it asks for another organisation than its invite"));
        }
        if self.store.locate(&request.device.to_string())?.is_some() {
            return Ok(Some(
                "it names a device id that is on the roster already; the device must join again from a new invite",
            ));
        }
        if request.person == request.device
            || self.store.locate(&request.person.to_string())?.is_some()
        {
            return Ok(Some(
                "it names a person who is on the roster already; the device must join again from a new invite",
            ));
        }
        let name = request.person_name.trim();
        if name.is_empty() || name.chars().any(char::is_control) || name.chars().count() > 200 {
            return Ok(Some("the name it gives is empty or not a line of text"));
        }
        Ok(None)
    }
}
