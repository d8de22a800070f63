//! The command line's grammar.

mod catalogue;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use catalogue::*;

#[derive(Debug, Parser)]
#[command(
    name = "accord",
    version,
    about = "Follow up human rights recommendations together, offline: a working copy of the national tracker",
    long_about = None,
)]
pub struct Cli {
    /// The working copy's folder [default: the platform's data folder]
    #[arg(long, global = true, env = "ACCORD_WORKSPACE", value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    /// Print JSON for scripts instead of tables
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new workspace, with this device's organisation as coordinator
    Init(InitArgs),
    /// Create the built-in demo workspace (illustrative data modelled on Mongolia)
    Demo,
    /// Organisations of the workspace
    #[command(subcommand)]
    Org(OrgCommand),
    /// People of the organisations
    #[command(subcommand)]
    Person(PersonCommand),
    /// The controlled vocabularies (themes, affected persons)
    #[command(subcommand)]
    Vocab(VocabCommand),
    /// Import recommendations: an OHCHR thematic list (.docx) or Accord's CSV template
    Import(ImportArgs),
    /// Clusters and links between recommendations suggested from their
    /// texts, to accept or reject
    #[command(subcommand)]
    Suggest(crate::commands::suggest::SuggestCommand),
    /// List recommendations, with filters and full-text search
    List(ListArgs),
    /// Show a recommendation with its plan, indicators and every organisation's assessment
    Show(ShowArgs),
    /// Recommendations and sources
    #[command(subcommand)]
    Rec(RecCommand),
    /// Set fields of any record: accord edit ID FIELD=VALUE...
    Edit(EditArgs),
    /// Plan entries (expected outcomes) for a recommendation or a cluster
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Activities of the action plan
    #[command(subcommand)]
    Activity(ActivityCommand),
    /// Indicators
    #[command(subcommand)]
    Indicator(IndicatorCommand),
    /// Record a measurement of an indicator (as this device's organisation)
    Measure(MeasureArgs),
    /// Record this organisation's assessment of a recommendation
    Assess(AssessArgs),
    /// Comment on a recommendation, activity or indicator
    Comment(CommentArgs),
    /// Meetings of the follow-up
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Decisions of meetings
    #[command(subcommand)]
    Decision(DecisionCommand),
    /// Archive a record (it stays, hidden from lists)
    Archive(IdArgs),
    /// Restore an archived record
    Restore(IdArgs),
    /// Who changed what, when, on a recommendation or any record
    History(IdArgs),
    /// Fields edited concurrently on several devices, waiting for a choice
    Conflicts,
    /// Resolve a conflict by picking one of its values
    Resolve(ResolveArgs),
    /// Export the workspace: tables as CSV (--csv DIR) or Excel (--xlsx FILE), or the JSON dump (--json FILE)
    Export(ExportArgs),
    /// Print indicator sheets, a recommendation, a plan or the meeting pack to PDF
    #[command(subcommand)]
    Print(crate::commands::print::PrintCommand),
    /// Verify the working copy (and rebuild its index)
    Check(CheckArgs),
    /// Exchange changes with a shared folder or a USB stick
    Sync(SyncArgs),
    /// Envelopes held back (and files that could not be used), with reasons
    Quarantine(QuarantineArgs),
    /// Write an invite file for one new device of an organisation, list the
    /// invites made here, or cancel one (coordinators)
    Invite(InviteArgs),
    /// Create this machine's working copy from an invite file
    Join(JoinArgs),
    /// Devices on the roster
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Revoke a device: what it wrote beyond what this working copy holds of it will not count
    Revoke(RevokeArgs),
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The shared folder, or the USB stick's folder
    pub folder: PathBuf,
    /// Keep running: sync again whenever the folder changes (a sync engine
    /// such as Syncthing brought other offices' work) or this working copy
    /// does (an edit elsewhere); stop with Ctrl+C
    #[arg(long)]
    pub watch: bool,
    /// With --watch, also sync at least this often, in minutes (a network
    /// share may change without telling)
    #[arg(long, value_name = "MINUTES", default_value_t = 5, requires = "watch",
          value_parser = clap::value_parser!(u64).range(1..=1440))]
    pub every: u64,
}

#[derive(Debug, Args)]
pub struct QuarantineArgs {
    /// Discard the quarantined envelope whose file name starts with this
    #[arg(long, value_name = "NAME")]
    pub discard: Option<String>,
}

#[derive(Debug, Args)]
pub struct InviteArgs {
    /// The organisation's short name (added to the roster if --kind is given and it is new)
    #[arg(long, required_unless_present_any = ["list", "cancel"])]
    pub org: Option<String>,
    /// The organisation's kind: government, nhri, ngo, un, parliament, judiciary or other
    #[arg(long)]
    pub kind: Option<String>,
    /// Where to write the invite file
    #[arg(long, value_name = "FILE", required_unless_present_any = ["list", "cancel"])]
    pub out: Option<PathBuf>,
    /// Days the invite can be used (1 to 90)
    #[arg(long, default_value_t = accord_core::workspace::INVITE_DAYS)]
    pub days: u32,
    /// List the invites this device made and where each stands
    #[arg(long, conflicts_with_all = ["org", "out", "cancel"])]
    pub list: bool,
    /// Cancel the open invite whose id starts with this
    #[arg(long, value_name = "ID", conflicts_with_all = ["org", "out"])]
    pub cancel: Option<String>,
}

#[derive(Debug, Args)]
pub struct JoinArgs {
    /// The invite file a coordinator gave you
    pub file: PathBuf,
    /// Your name, as the roster will show it
    #[arg(long)]
    pub person: String,
}

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// List the devices on the roster
    List,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The device: at least 6 characters of its key or id
    pub device: String,
    /// Count the work of this revoked device that its revocation held out
    /// (it stays revoked)
    #[arg(long)]
    pub adopt: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Your organisation's name, e.g. "Ministry of Justice and Home Affairs"
    #[arg(long)]
    pub org: String,
    /// Its short name [default: its initials]
    #[arg(long)]
    pub short: Option<String>,
    /// Its name in Mongolian
    #[arg(long, default_value = "")]
    pub org_mn: String,
    /// government, nhri, ngo, un, parliament, judiciary or other
    #[arg(long)]
    pub kind: String,
    /// Your name
    #[arg(long)]
    pub person: String,
    /// The workspace's name
    #[arg(long, default_value = "Human rights recommendations")]
    pub name: String,
    #[arg(long, default_value = "")]
    pub country: String,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organisation (coordinators)
    Add {
        /// Short name, one word, e.g. NHRCM
        #[arg(long)]
        short: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        name_mn: String,
        /// government, nhri, ngo, un, parliament, judiciary or other
        #[arg(long)]
        kind: String,
        /// coordinator or member
        #[arg(long, default_value = "member")]
        role: String,
        /// Short name of the parent organisation
        #[arg(long)]
        parent: Option<String>,
    },
    /// List organisations
    List,
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person to an organisation
    Add {
        #[arg(long)]
        name: String,
        /// The organisation's short name
        #[arg(long)]
        org: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long, default_value = "")]
        email: String,
    },
    /// List people
    List {
        /// Only this organisation's
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Record id, id prefix or recommendation code
    pub id: String,
    /// FIELD=VALUE; lists take values separated by ';', empty clears
    #[arg(required = true)]
    pub fields: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Add a plan entry with expected outcomes
    Add {
        /// Recommendation code or id (or use --cluster)
        rec: Option<String>,
        #[arg(long)]
        cluster: Option<String>,
        /// Expected outcome, repeatable
        #[arg(long = "outcome")]
        outcomes: Vec<String>,
        /// Expected outcome in Mongolian, repeatable
        #[arg(long = "outcome-mn")]
        outcomes_mn: Vec<String>,
    },
}

// Parsed once per run: the size of a variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// Add an activity to a recommendation's plan (created if needed)
    Add {
        /// Recommendation code or id
        rec: Option<String>,
        /// Plan entry id instead of a recommendation
        #[arg(long)]
        plan: Option<String>,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        title_mn: String,
        /// Lead organisation (short name)
        #[arg(long)]
        lead: String,
        /// Supporting organisation, repeatable
        #[arg(long)]
        supporting: Vec<String>,
        /// YYYY-MM-DD
        #[arg(long)]
        start: Option<String>,
        /// YYYY-MM-DD
        #[arg(long)]
        end: Option<String>,
        /// planned, ongoing, completed, delayed or cancelled
        #[arg(long, default_value = "planned")]
        status: String,
        #[arg(long, default_value = "")]
        budget: String,
    },
    /// List activities
    List {
        /// Led by this organisation (short name)
        #[arg(long)]
        org: Option<String>,
        /// Only those past their end date and not completed
        #[arg(long)]
        overdue: bool,
    },
}

// Parsed once per run: the size of a variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum IndicatorCommand {
    /// Add an indicator to a recommendation's plan (created if needed)
    Add(IndicatorAddArgs),
    /// List indicators
    List,
    /// Show an indicator with its metadata and measurements
    Show { id: String },
}

#[derive(Debug, Args)]
pub struct IndicatorAddArgs {
    /// Recommendation code or id
    pub rec: Option<String>,
    #[arg(long)]
    pub plan: Option<String>,
    #[arg(long)]
    pub title: String,
    #[arg(long, default_value = "")]
    pub title_mn: String,
    /// structural, process or outcome
    #[arg(long = "type")]
    pub kind: String,
    #[arg(long, default_value = "")]
    pub definition: String,
    #[arg(long, default_value = "")]
    pub rationale: String,
    #[arg(long, default_value = "")]
    pub method: String,
    #[arg(long, default_value = "")]
    pub data_source: String,
    #[arg(long, default_value = "")]
    pub disaggregation: String,
    #[arg(long, default_value = "")]
    pub periodicity: String,
    #[arg(long, default_value = "")]
    pub comments: String,
    #[arg(long, default_value = "")]
    pub unit: String,
    #[arg(long)]
    pub baseline: Option<String>,
    #[arg(long)]
    pub baseline_date: Option<String>,
    #[arg(long)]
    pub target: Option<String>,
    #[arg(long)]
    pub target_date: Option<String>,
    /// Responsible organisation (short name)
    #[arg(long)]
    pub responsible: Option<String>,
    /// monthly, quarterly, annual or biennial
    #[arg(long, default_value = "annual")]
    pub frequency: String,
}

#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// Indicator id or id prefix
    pub indicator: String,
    /// 2024, 2024-Q2, 2024-05 or 2024-05-31
    #[arg(long)]
    pub period: String,
    #[arg(long)]
    pub value: String,
    /// Disaggregated value DIMENSION:CATEGORY=VALUE, e.g. sex:female=12, repeatable
    #[arg(long = "by")]
    pub by: Vec<String>,
    #[arg(long, default_value = "")]
    pub source: String,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Recommendation code or id
    pub rec: String,
    /// not-started, in-progress, partially-implemented, fully-implemented, regressed or no-information
    #[arg(long)]
    pub level: String,
    /// YYYY-MM-DD [default: today]
    #[arg(long)]
    pub date: Option<String>,
    /// What the assessment rests on
    #[arg(long)]
    pub evidence: String,
    #[arg(long = "method", default_value = "")]
    pub method_note: String,
}

#[derive(Debug, Args)]
pub struct CommentArgs {
    /// Recommendation code, or id of a recommendation, activity or indicator
    #[arg(required_unless_present = "publish")]
    pub target: Option<String>,
    #[arg(long, required_unless_present = "publish")]
    pub text: Option<String>,
    /// Keep it as a draft: only this organisation's devices can read it
    #[arg(long)]
    pub draft: bool,
    /// public, parties or internal (internal: only this organisation's
    /// devices can read it)
    #[arg(long, default_value = "public")]
    pub visibility: String,
    /// Publish a draft or internal comment of this organisation (its id or
    /// the start of it)
    #[arg(long, value_name = "ID", conflicts_with_all = ["target", "text", "draft"])]
    pub publish: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Add a meeting (coordinators)
    Add {
        /// annual-review, coordinating-committee or consultation
        #[arg(long)]
        kind: String,
        #[arg(long)]
        title: String,
        /// YYYY-MM-DD
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        place: String,
        /// Participating organisation (short name), repeatable
        #[arg(long = "participant")]
        participants: Vec<String>,
        /// Agenda item, repeatable
        #[arg(long = "agenda")]
        agenda: Vec<String>,
        #[arg(long, default_value = "")]
        minutes: String,
    },
    /// List meetings with their decisions
    List,
}

#[derive(Debug, Subcommand)]
pub enum DecisionCommand {
    /// Add a decision to a meeting
    Add {
        /// Meeting id or id prefix
        meeting: String,
        #[arg(long)]
        text: String,
        /// Linked recommendation (code or id), repeatable
        #[arg(long = "rec")]
        recs: Vec<String>,
        /// Responsible organisation (short name)
        #[arg(long)]
        responsible: Option<String>,
        /// YYYY-MM-DD
        #[arg(long)]
        due: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct IdArgs {
    /// Record id, id prefix or recommendation code
    pub id: String,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The record (id, prefix or recommendation code)
    pub record: String,
    /// The field in conflict
    pub field: String,
    /// Which value to keep: its number in `accord conflicts`
    #[arg(long)]
    pub pick: usize,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// With --json: where to write the canonical dump of the shared data, a
    /// file or - for standard output
    #[arg(value_name = "FILE", conflicts_with_all = ["csv", "xlsx"])]
    pub out: Option<PathBuf>,
    /// Write recommendations.csv, indicators.csv, measurements.csv and
    /// activities.csv into DIR (created if missing)
    #[arg(long, value_name = "DIR", conflicts_with = "xlsx")]
    pub csv: Option<PathBuf>,
    /// Write the same four tables as worksheets of one Excel workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub xlsx: Option<PathBuf>,
    /// Language of the tables' sheet names, headers and values: en or mn
    /// (English keeps the stored values, which scripts match on)
    #[arg(long, default_value = "en")]
    pub lang: String,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Rebuild the index from the documents
    #[arg(long)]
    pub rebuild: bool,
    /// With --rebuild: recompute the history of changes too
    #[arg(long, requires = "rebuild")]
    pub history: bool,
}
