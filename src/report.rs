//! The report: everything BrandLens found on one page. Its JSON Schema is `docs/report.schema.json`.

use crate::judge::TopicFinding;
use crate::mentions::Mention;
use crate::risk::AdFinding;
use serde::{Deserialize, Serialize};

/// Counts that tell how much of the page was judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Stats {
    pub blocks: usize,
    pub words: usize,
    pub slots: usize,
}

/// A part of the page that was not judged, and why (a reader's or the worker's limit, a
/// skipped frame): the report is complete except for these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Skipped {
    /// What was left out, e.g. "text after the first 2000000 characters".
    pub part: String,
    /// Why, e.g. "page text limit".
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub url: String,
    pub title: String,
    /// The page's main language (`nl`, `en`, `de`, `fr`), if it is one of those.
    pub language: Option<String>,
    /// Sensitive topics of the page, most severe first.
    pub topics: Vec<TopicFinding>,
    pub ads: Vec<AdFinding>,
    pub mentions: Vec<Mention>,
    pub stats: Stats,
    pub engine_version: String,
    /// What was not judged, and why; absent when the whole page was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}
