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
}
