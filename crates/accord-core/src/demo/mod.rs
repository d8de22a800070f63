//! The built-in demo workspace: an illustrative tracker modelled on Mongolia
//! after its second UPR cycle. Organisations, recommendations (written for the
//! demo in the style of UPR and treaty-body texts, marked illustrative),
//! vocabularies, plan templates and indicators come from the CSV files in
//! `data/`; plans, measurements, assessments and a meeting are laid out from
//! them here, deterministically.

mod data;
mod plan;
mod voices;

use std::collections::HashMap;
use std::path::Path;

use uuid::Uuid;

use crate::error::{Error, Result};
use crate::identity::Identity;
use crate::model::*;
use crate::workspace::{InitOptions, Me, Workspace};

pub use data::vocabulary_terms;

/// A device of each demo organisation, so that every organisation's own
/// document is written by its own device, as in real use.
pub(crate) struct Cast {
    pub orgs: HashMap<String, Organisation>,
    pub devices: HashMap<String, ([u8; 32], Me)>,
    /// The demo devices' signing keys: their changes are sealed into
    /// envelopes with them, as each device would have, so that the demo
    /// syncs like a real workspace. The keys are not kept.
    pub signers: Vec<ed25519_dalek::SigningKey>,
}

impl Cast {
    pub fn org(&self, short: &str) -> Result<&Organisation> {
        self.orgs.get(short).ok_or(Error::NotFound {
            what: "demo organisation",
            key: short.to_owned(),
        })
    }

    pub fn device(&self, short: &str) -> Result<&([u8; 32], Me)> {
        self.devices.get(short).ok_or(Error::NotFound {
            what: "demo device",
            key: short.to_owned(),
        })
    }
}

/// A stable pseudo-random number from a text and a salt (FNV-1a), so that
/// the demo is the same on every machine.
pub(crate) fn pick(text: &str, salt: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (h >> 29)
}

/// Creates the demo workspace in `dir`, this device being the secretariat
/// of the coordinating ministry.
pub fn create(dir: &Path) -> Result<Workspace> {
    let orgs = data::organisations()?;
    let coordinator = orgs
        .iter()
        .find(|o| o.role == "coordinator")
        .ok_or(Error::NotFound {
            what: "demo coordinator",
            key: "organisations.csv".into(),
        })?;
    let mut ws = Workspace::init(
        dir,
        &InitOptions {
            workspace_name: "Mongolia — human rights recommendations (demo)".into(),
            workspace_name_mn: "Монгол Улс — хүний эрхийн зөвлөмжийн хэрэгжилт (жишээ)".into(),
            country: "Mongolia".into(),
            org_short: coordinator.short.clone(),
            org_name: coordinator.name_en.clone(),
            org_name_mn: coordinator.name_mn.clone(),
            org_kind: coordinator.kind.parse()?,
            person: "Secretariat officer (demo)".into(),
            illustrative: true,
        },
    )?;
    let cast = cast(&mut ws, &orgs, &coordinator.short)?;
    ws.import_template(
        "demo recommendations",
        data::RECOMMENDATIONS.as_bytes(),
        false,
        true,
    )?;
    let recs = ws.store().all::<Recommendation>()?;
    let plan = plan::lay_out(&mut ws, &cast, &recs)?;
    voices::measurements(&mut ws, &cast, &plan)?;
    voices::assessments(&mut ws, &cast, &recs)?;
    voices::comments(&mut ws, &cast, &recs)?;
    voices::meeting(&mut ws, &cast, &recs)?;
    ws.seal_for(&cast.signers)?;
    Ok(ws)
}

/// The organisations, one focal point and one device each.
fn cast(ws: &mut Workspace, rows: &[data::OrgRow], coordinator: &str) -> Result<Cast> {
    let me = ws.me();
    let mut ids: HashMap<String, Uuid> = HashMap::new();
    ids.insert(coordinator.to_owned(), me.org);
    for r in rows {
        ids.entry(r.short.clone()).or_insert_with(Uuid::new_v4);
    }
    let mut new_orgs = Vec::new();
    for r in rows.iter().filter(|r| r.short != coordinator) {
        new_orgs.push(Organisation {
            id: ids[&r.short],
            short: r.short.clone(),
            name_en: r.name_en.clone(),
            name_mn: r.name_mn.clone(),
            kind: r.kind.parse()?,
            parent: (!r.parent_short.is_empty())
                .then(|| ids.get(&r.parent_short).copied())
                .flatten(),
            role: r.role.parse()?,
            ..Default::default()
        });
    }
    ws.create_many(&new_orgs, "add the organisations of the follow-up")?;
    let mut people = Vec::new();
    let mut devices = Vec::new();
    let mut cast = Cast {
        orgs: HashMap::new(),
        devices: HashMap::new(),
        signers: Vec::new(),
    };
    for (i, r) in rows.iter().enumerate() {
        let org = ids[&r.short];
        if r.short == coordinator {
            cast.devices
                .insert(r.short.clone(), (hex_key(&ws.device_key_hex())?, me));
            continue;
        }
        let person = Person {
            id: Uuid::new_v4(),
            org,
            name: data::FOCAL_POINTS[i % data::FOCAL_POINTS.len()].to_owned(),
            title: "Focal point for human rights follow-up".into(),
            ..Default::default()
        };
        let identity = Identity::generate();
        let key = identity.public_key();
        cast.signers.push(identity.signing_key().clone());
        let device = Device {
            id: Uuid::new_v4(),
            key: hex::encode(key),
            person: person.id,
            org,
            label: format!("{} office computer", r.short),
            ..Default::default()
        };
        cast.devices.insert(
            r.short.clone(),
            (
                key,
                Me {
                    device: device.id,
                    person: person.id,
                    org,
                },
            ),
        );
        people.push(person);
        devices.push(device);
    }
    ws.create_many(&people, "add the focal points")?;
    ws.create_many(&devices, "admit each organisation's device")?;
    for o in ws.store().all::<Organisation>()? {
        cast.orgs.insert(o.short.clone(), o);
    }
    Ok(cast)
}

fn hex_key(hex_text: &str) -> Result<[u8; 32]> {
    hex::decode(hex_text)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::doc("roster", "a device key is not 32 bytes"))
}
