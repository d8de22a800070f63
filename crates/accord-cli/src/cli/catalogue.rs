//! The arguments of the commands that bring recommendations in and show
//! them: vocabularies, import, list, show and the catalogue's records.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum VocabCommand {
    /// List the terms
    List {
        /// theme or affected-persons [default: both]
        vocabulary: Option<String>,
    },
    /// Add a term (coordinators)
    Add {
        /// theme or affected-persons
        vocabulary: String,
        /// The code used in imports and filters, e.g. torture
        #[arg(long)]
        code: String,
        #[arg(long)]
        label: String,
        #[arg(long, default_value = "")]
        label_mn: String,
    },
    /// Map a label as the UN's lists write it to a term, for every later
    /// import (coordinators)
    Map {
        /// theme or affected-persons
        vocabulary: String,
        /// The label, e.g. "Acceptance of international norms"
        #[arg(long)]
        label: String,
        /// The code of the term it means
        #[arg(long)]
        term: String,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An OHCHR thematic list (.docx), the Universal Human Rights Index's
    /// export (.xlsx, .csv, JSON), UPR Info's export (.csv, .xlsx), or
    /// Accord's template (.csv, .xlsx)
    pub file: PathBuf,
    /// Show what would be imported, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The file's format, when telling it from its contents is not wanted:
    /// template, thematic-list, uhri or upr-info
    #[arg(long)]
    pub format: Option<String>,
    /// Import the Index's concerns and observations too, not only its
    /// recommendations
    #[arg(long)]
    pub observations: bool,
    /// The report the list's recommendations belong to, when the list does
    /// not say it (e.g. A/HRC/46/9)
    #[arg(long)]
    pub document: Option<String>,
    /// The UPR cycle, when the report's symbol does not tell it
    #[arg(long)]
    pub cycle: Option<u32>,
    /// The UPR Working Group session, when the report's symbol does not tell it
    #[arg(long)]
    pub session: Option<u32>,
    /// Add themes and groups of persons the vocabularies lack as new terms
    #[arg(long)]
    pub add_terms: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// upr, treaty, special or other
    #[arg(long)]
    pub mechanism: Option<String>,
    /// Treaty body (cat, cedaw, crc...) or special procedure
    #[arg(long)]
    pub body: Option<String>,
    /// UPR cycle (only UPR recommendations)
    #[arg(long)]
    pub cycle: Option<u32>,
    /// A UPR cycle with the other mechanisms' recommendations, which have
    /// none: what the follow-up works on now
    #[arg(long, conflicts_with = "cycle")]
    pub upr_cycle: Option<u32>,
    /// supported, supported-in-part, noted or pending
    #[arg(long)]
    pub response: Option<String>,
    #[arg(long)]
    pub theme: Option<String>,
    /// Affected persons
    #[arg(long)]
    pub affected: Option<String>,
    /// SDG target, e.g. 16.3
    #[arg(long)]
    pub sdg: Option<String>,
    /// Lead or supporting organisation (short name)
    #[arg(long)]
    pub org: Option<String>,
    /// Cluster (slug)
    #[arg(long)]
    pub cluster: Option<String>,
    /// An organisation's current assessment: ORG=LEVEL, e.g. HRNGOF=regressed
    #[arg(long, value_name = "ORG=LEVEL")]
    pub level: Option<String>,
    /// List archived recommendations
    /// Only where the organisations' current levels differ
    #[arg(long)]
    pub disagree: bool,
    #[arg(long)]
    pub archived: bool,
    /// Words to find in either language
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// en or mn
    #[arg(long, default_value = "en")]
    pub lang: String,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Recommendation code (e.g. 107.12) or id
    pub rec: String,
    /// en or mn
    #[arg(long, default_value = "en")]
    pub lang: String,
}

#[derive(Debug, Subcommand)]
pub enum RecCommand {
    /// Add a recommendation (coordinators)
    Add {
        #[arg(long)]
        code: String,
        /// Source document symbol, e.g. A/HRC/30/6 (must exist; import creates sources)
        #[arg(long)]
        document: String,
        #[arg(long, default_value = "")]
        text_en: String,
        #[arg(long, default_value = "")]
        text_mn: String,
        /// en or mn: which text is official
        #[arg(long, default_value = "en")]
        official: String,
        #[arg(long, default_value = "pending")]
        response: String,
        #[arg(long = "theme")]
        themes: Vec<String>,
        /// Lead organisation (short name), repeatable
        #[arg(long)]
        lead: Vec<String>,
    },
    /// List sources
    Sources,
    /// Add a source document (coordinators)
    AddSource {
        /// upr, treaty, special or other
        #[arg(long)]
        mechanism: String,
        /// Treaty body (cat, cedaw...) or special procedure mandate
        #[arg(long, default_value = "")]
        body: String,
        #[arg(long)]
        cycle: Option<u32>,
        #[arg(long)]
        session: Option<u32>,
        /// Document symbol, e.g. A/HRC/30/6
        #[arg(long)]
        document: String,
        /// YYYY-MM-DD
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = "")]
        title: String,
    },
    /// Add a cluster of recommendations that ask for the same thing (coordinators)
    AddCluster {
        /// Short name, e.g. torture-definition
        #[arg(long)]
        slug: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long, default_value = "")]
        title_mn: String,
    },
}
