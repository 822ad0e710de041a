//! The parts of a page that search reads, and how much each counts.

use crate::content::Page;
use crate::markdown::RenderedMarkdown;
use crate::seo::PageSeo;

/// A part of a page, scored on its own (BM25F): a word in the question
/// says more than the same word in the body, and a long body is not
/// favoured for saying everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The question (H1, else title).
    Question = 0,
    /// The headings below the question (h2 and deeper).
    Headings = 1,
    /// The short answer.
    Answer = 2,
    /// The front matter description and tags.
    Description = 3,
    /// The text of the page, inline code included.
    Body = 4,
    /// Code blocks and inline code.
    Code = 5,
}

/// The question is scored apart from the rest of the page, with its own
/// saturation, and counts this many times a single match elsewhere. The
/// question is what a page of a knowledge base is: however often a body
/// mentions a word, a page that asks about it should rank above (a
/// saturated body match is worth at most 2.2 single ones).
pub const QUESTION_BOOST: f32 = 3.0;

/// How many fields there are.
pub const FIELD_COUNT: usize = 6;

/// Every field, in index order.
pub const FIELDS: [Field; FIELD_COUNT] = [
    Field::Question,
    Field::Headings,
    Field::Answer,
    Field::Description,
    Field::Body,
    Field::Code,
];

impl Field {
    /// How much a match here counts against one in the body, within the
    /// BM25F sum over the page's fields other than the question.
    pub fn weight(self) -> f32 {
        match self {
            Field::Question => 0.0,
            Field::Headings => 2.0,
            Field::Answer => 2.5,
            Field::Description => 2.0,
            Field::Body => 1.0,
            Field::Code => 0.6,
        }
    }

    /// BM25's length normalisation: how much a long field is discounted.
    /// Questions are short and of like length, so barely.
    pub fn length_normalisation(self) -> f32 {
        match self {
            Field::Question => 0.3,
            Field::Headings | Field::Answer | Field::Description => 0.5,
            Field::Body | Field::Code => 0.75,
        }
    }

    /// Whether adjacent words here make phrase pairs (a bonus for words
    /// typed together): the short fields that say what the page is about.
    pub fn makes_pairs(self) -> bool {
        matches!(
            self,
            Field::Question | Field::Headings | Field::Answer | Field::Description
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The text of each field of one page.
#[derive(Debug, Default)]
pub struct PageText<'a> {
    parts: [Vec<&'a str>; FIELD_COUNT],
}

impl<'a> PageText<'a> {
    /// What search reads of a page. The author's "See also" list is left
    /// out: it names other pages' questions, not this one's subject.
    pub fn of(
        page: &'a Page,
        markdown: &'a RenderedMarkdown,
        seo: &'a PageSeo,
        see_also_heading: &str,
    ) -> PageText<'a> {
        let mut text = PageText::default();
        text.push(Field::Question, &seo.question);
        if let Some(answer) = &seo.answer {
            text.push(Field::Answer, answer);
        }
        if let Some(description) = &page.front_matter.description {
            text.push(Field::Description, description);
        }
        for tag in &page.front_matter.tags {
            text.push(Field::Description, tag);
        }
        text.push(Field::Body, &markdown.intro_text);
        let mut skipping_level = None;
        for section in &markdown.sections {
            if skipping_level.is_some_and(|level| section.level > level) {
                continue;
            }
            skipping_level = None;
            if section.title.trim().eq_ignore_ascii_case(see_also_heading) {
                skipping_level = Some(section.level);
                continue;
            }
            if section.level >= 2 {
                text.push(Field::Headings, &section.title);
            }
            text.push(Field::Body, &section.text);
        }
        text.push(Field::Code, &markdown.code_text);
        text
    }

    /// Adds a piece of text to a field.
    pub fn push(&mut self, field: Field, part: &'a str) {
        if let Some(parts) = self.parts.get_mut(field.index()) {
            parts.push(part);
        }
    }

    /// The pieces of text in one field (each is tokenised on its own, so
    /// no phrase pair spans two headings).
    pub fn parts(&self, field: Field) -> &[&'a str] {
        self.parts.get(field.index()).map_or(&[], Vec::as_slice)
    }

    /// The body's sentences come from here (see `snippets`).
    pub fn body(&self) -> &[&'a str] {
        self.parts(Field::Body)
    }
}
