//! Brand mentions in a page's text: where a configured brand is named, and in what light.

use crate::ads::names_in;
use crate::profile::BrandProfile;
use crate::snapshot::{Block, Role};
use serde::{Deserialize, Serialize};

/// The tone of a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sentiment {
    Positive,
    Negative,
    Neutral,
    Mixed,
}

/// Who started the story (company or customer) and its tone give four situations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Situation {
    Triumph,
    HomemadeIssue,
    StrokeOfLuck,
    Nightmare,
}

/// A configured brand named in the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub brand: String,
    pub snippet: String,
    pub block: u32,
    pub role: Role,
    pub sentiment: Sentiment,
    pub situation: Option<Situation>,
}

/// Finds the configured brands in the page's blocks (ad creatives are not page text).
pub fn find(blocks: &[Block], profiles: &[BrandProfile]) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for block in blocks {
        for brand in profiles {
            if brand.names().any(|n| names_in(&block.text, n)) {
                mentions.push(Mention {
                    brand: brand.name.clone(),
                    snippet: block.text.chars().take(280).collect(),
                    block: block.id,
                    role: block.role,
                    sentiment: Sentiment::Neutral,
                    situation: None,
                });
            }
        }
    }
    mentions
}
