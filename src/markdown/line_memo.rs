//! Remembering how lines of code parse. syntect's parser is a function of
//! (parser state at the start of the line, the line): the same line met in
//! the same state always yields the same scope operations and end state. A
//! knowledge base repeats lines everywhere (imports, `}`, blank lines, shell
//! boilerplate), and running syntect's regexes is nearly all of a cold
//! build's highlighting time, so each worker thread keeps the lines it has
//! parsed and replays them.
//!
//! States are compared with `ParseState`'s own equality and given small
//! numbers; a line is remembered under (state number, text). Only exact
//! matches are reused, so the HTML is the same as parsing every line.

use std::cell::RefCell;
use std::collections::HashMap;

use syntect::parsing::{ParseState, ScopeStackOp, SyntaxReference, SyntaxSet};

/// Lines longer than this are parsed every time (they rarely repeat, and
/// would make the memo's memory follow the input's worst line).
const MAX_LINE_BYTES: usize = 400;
/// Distinct parser states remembered per syntax; deeper nesting is parsed
/// without the memo.
const MAX_STATES: usize = 64;
/// Remembered lines per thread before the memo starts over.
const MAX_LINES: usize = 200_000;

/// The scope operations of one line, as syntect's `parse_line` returns them.
pub type LineOps = Vec<(usize, ScopeStackOp)>;

#[derive(Debug)]
struct Parsed {
    ops: LineOps,
    /// The state after the line, as a number into `SyntaxMemo::states`.
    end: usize,
}

/// One syntax's states and lines.
#[derive(Debug, Default)]
struct SyntaxMemo {
    states: Vec<ParseState>,
    /// Lines by their start state's number.
    lines: Vec<HashMap<Box<str>, Parsed>>,
}

impl SyntaxMemo {
    /// The number of `state`, giving it one if it is new and there is room.
    fn intern(&mut self, state: &ParseState) -> Option<usize> {
        if let Some(found) = self.states.iter().position(|s| s == state) {
            return Some(found);
        }
        if self.states.len() >= MAX_STATES {
            return None;
        }
        self.states.push(state.clone());
        self.lines.push(HashMap::new());
        Some(self.states.len() - 1)
    }
}

#[derive(Debug, Default)]
struct Memo {
    /// By syntax name (names are unique within a syntax set).
    syntaxes: HashMap<String, SyntaxMemo>,
    lines: usize,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Where the parser is: a remembered state (cheap to carry along a run of
/// remembered lines) or a live one.
enum Position {
    Known(usize),
    Live(ParseState),
}

/// Parses `lines` (each with its newline) as `syntax`, calling `emit` with
/// every line and its scope operations, in order.
pub fn parse_lines<'a>(
    syntax: &SyntaxReference,
    set: &SyntaxSet,
    lines: impl IntoIterator<Item = &'a str>,
    mut emit: impl FnMut(&'a str, &[(usize, ScopeStackOp)]),
) -> Result<(), syntect::parsing::ParsingError> {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.lines > MAX_LINES {
            *memo = Memo::default();
        }
        let Memo {
            syntaxes,
            lines: remembered,
        } = &mut *memo;
        let syntax_memo = syntaxes.entry(syntax.name.clone()).or_default();
        let start = ParseState::new(syntax);
        let mut position = match syntax_memo.intern(&start) {
            Some(id) => Position::Known(id),
            None => Position::Live(start),
        };
        for line in lines {
            if let Position::Known(id) = position
                && let Some(parsed) = syntax_memo.lines.get(id).and_then(|m| m.get(line))
            {
                emit(line, &parsed.ops);
                position = Position::Known(parsed.end);
                continue;
            }
            let (start_id, mut state) = match position {
                Position::Known(id) => match syntax_memo.states.get(id) {
                    Some(state) => (Some(id), state.clone()),
                    None => (None, ParseState::new(syntax)),
                },
                Position::Live(state) => (syntax_memo.intern(&state), state),
            };
            let ops = state.parse_line(line, set)?;
            emit(line, &ops);
            let end_id = syntax_memo.intern(&state);
            position = match (start_id, end_id) {
                (Some(start_id), Some(end_id)) if line.len() <= MAX_LINE_BYTES => {
                    if let Some(map) = syntax_memo.lines.get_mut(start_id) {
                        map.insert(line.into(), Parsed { ops, end: end_id });
                        *remembered += 1;
                    }
                    Position::Known(end_id)
                }
                (_, Some(end_id)) => Position::Known(end_id),
                _ => Position::Live(state),
            };
        }
        Ok(())
    })
}
