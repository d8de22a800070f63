//! Who may write which document (docs/ARCHITECTURE.md, "Documents"). The same
//! rule refuses a local edit now and a received change in folder sync.

use crate::doc::DocId;
use crate::model::{OrgKind, Organisation, Role};

/// Why `org` may not write `doc`, or Ok.
pub fn may_write(doc: DocId, org: &Organisation) -> Result<(), String> {
    if org.archived {
        return Err(format!("{} is archived and may not write", org.short));
    }
    let coordinator = org.role == Role::Coordinator;
    let allowed = match doc {
        DocId::Roster | DocId::Catalogue | DocId::Meetings => coordinator,
        DocId::Plan => coordinator || org.kind == OrgKind::Government,
        DocId::Org(id) | DocId::Private(id) => id == org.id,
    };
    if allowed {
        return Ok(());
    }
    Err(match doc {
        DocId::Plan => format!(
            "{} may not edit the action plan: only coordinators and government organisations write it",
            org.short
        ),
        DocId::Org(_) | DocId::Private(_) => format!(
            "{} may not write another organisation's assessments, measurements or comments",
            org.short
        ),
        other => format!(
            "{} may not edit the {other}: only coordinators of the workspace write it",
            org.short
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn org(kind: OrgKind, role: Role) -> Organisation {
        Organisation {
            id: Uuid::new_v4(),
            short: "X".into(),
            kind,
            role,
            ..Default::default()
        }
    }

    #[test]
    fn the_table_of_who_writes_what() {
        let ngo = org(OrgKind::Ngo, Role::Member);
        let ministry = org(OrgKind::Government, Role::Member);
        let coord = org(OrgKind::Government, Role::Coordinator);
        assert!(may_write(DocId::Plan, &ngo).is_err());
        assert!(may_write(DocId::Plan, &ministry).is_ok());
        assert!(may_write(DocId::Catalogue, &ministry).is_err());
        assert!(may_write(DocId::Catalogue, &coord).is_ok());
        assert!(may_write(DocId::Org(ngo.id), &ngo).is_ok());
        assert!(may_write(DocId::Org(ngo.id), &coord).is_err());
        assert!(may_write(DocId::Org(coord.id), &ministry).is_err());
    }
}
