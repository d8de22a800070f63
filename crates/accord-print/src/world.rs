//! The Typst world the documents are compiled in: the templates and fonts
//! built into the binary and one data file, nothing read from the disk or
//! the network, so a sheet prints the same on every machine.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The templates, by the path they import each other with.
const TEMPLATES: &[(&str, &str)] = &[
    ("/common.typ", include_str!("../templates/common.typ")),
    ("/chart.typ", include_str!("../templates/chart.typ")),
    ("/indicator.typ", include_str!("../templates/indicator.typ")),
    (
        "/recommendation.typ",
        include_str!("../templates/recommendation.typ"),
    ),
    ("/plan.typ", include_str!("../templates/plan.typ")),
    ("/pack.typ", include_str!("../templates/pack.typ")),
];

/// The words of the printed documents in both languages.
pub const WORDS: &str = include_str!("../templates/words.json");
/// The words of the closed lists (levels, statuses...).
pub const VOCAB: &str = include_str!("../templates/vocab.json");

/// Noto Sans covers Latin and the whole Cyrillic block, Mongolian's Өө and
/// Үү included; it is under the SIL Open Font License, which allows
/// shipping it inside the program (fonts/OFL.txt).
const FONTS: &[&[u8]] = &[
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoSans-Italic.ttf"),
    include_bytes!("../fonts/NotoSans-BoldItalic.ttf"),
];

/// What every compilation shares, built once per process: parsing the
/// fonts and the standard library is the costly part of a first preview.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    sources: Vec<Source>,
    data_id: FileId,
    words_id: FileId,
    vocab_id: FileId,
}

fn id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("the built-in paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONTS
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        sources: TEMPLATES
            .iter()
            .map(|(path, text)| Source::new(id(path), (*text).to_owned()))
            .collect(),
        fonts,
        data_id: id("/data.json"),
        words_id: id("/words.json"),
        vocab_id: id("/vocab.json"),
    }
});

/// One compilation: a template as the main file and its data.
pub struct PrintWorld {
    main: FileId,
    data: Bytes,
    today: Datetime,
}

impl PrintWorld {
    /// `template` is a file name of `TEMPLATES` without its slash.
    pub fn new(template: &str, data: Vec<u8>, today: jiff::civil::Date) -> PrintWorld {
        PrintWorld {
            main: id(&format!("/{template}")),
            data: Bytes::new(data),
            today: Datetime::from_ymd(today.year().into(), today.month() as u8, today.day() as u8)
                .expect("a civil date is a valid date"),
        }
    }
}

impl World for PrintWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        SHARED
            .sources
            .iter()
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let shared = &*SHARED;
        if id == shared.data_id {
            Ok(self.data.clone())
        } else if id == shared.words_id {
            Ok(Bytes::new(WORDS.as_bytes()))
        } else if id == shared.vocab_id {
            Ok(Bytes::new(VOCAB.as_bytes()))
        } else {
            self.source(id)
                .map(|s| Bytes::from_string(s.text().to_owned()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
