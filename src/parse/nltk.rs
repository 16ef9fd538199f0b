//! `nltk.txt`: the NLTK data ids Heroku's classic buildpack downloads when nltk is installed.
//! heroku-buildpack-python v351 `bin/steps/nltk` reads it with `readarray -t` and passes every
//! line, as it is, to `python -m nltk.downloader`: one id per line, nothing else.

use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NltkEntry {
    /// The line as the downloader receives it (without its `\n`).
    pub id: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct NltkFile {
    pub path: String,
    pub entries: Vec<NltkEntry>,
}

impl NltkFile {
    pub fn parse(file: &SourceFile) -> Self {
        let mut entries = Vec::new();
        let mut start = 0;
        for line in file.text.split_inclusive('\n') {
            let id = line.strip_suffix('\n').unwrap_or(line);
            // readarray keeps every line but drops nothing else; a final newline ends the last one.
            entries.push(NltkEntry {
                id: id.to_string(),
                span: Span::new(start, start + id.len()),
            });
            start += line.len();
        }
        NltkFile {
            path: file.path.clone(),
            entries,
        }
    }
}

/// The package and collection ids of nltk_data's `index.xml`, the index `nltk.downloader` reads
/// (nltk 3.10.4 `Downloader.DEFAULT_URL`): nltk/nltk_data gh-pages at 5db857e6 (2023-02-02),
/// checked 2026-12-02, plus the five ids nltk 3.10.4 installs in place of retired pickles
/// (`_SUCCESSORS` in nltk/downloader.py: `punkt_tab`, `averaged_perceptron_tagger_eng`,
/// `averaged_perceptron_tagger_rus`, `maxent_ne_chunker_tab`, `maxent_treebank_pos_tagger_tab`).
/// Other ids added since may be missing, so an id missing from this list is only suspect;
/// [`impossible_id`] is certain.
pub const KNOWN_IDS: &[&str] = &[
    "abc",
    "all",
    "all-corpora",
    "all-nltk",
    "alpino",
    "averaged_perceptron_tagger",
    "averaged_perceptron_tagger_eng",
    "averaged_perceptron_tagger_ru",
    "averaged_perceptron_tagger_rus",
    "basque_grammars",
    "bcp47",
    "biocreative_ppi",
    "bllip_wsj_no_aux",
    "book",
    "book_grammars",
    "brown",
    "brown_tei",
    "cess_cat",
    "cess_esp",
    "chat80",
    "city_database",
    "cmudict",
    "comparative_sentences",
    "comtrans",
    "conll2000",
    "conll2002",
    "conll2007",
    "crubadan",
    "dependency_treebank",
    "dolch",
    "europarl_raw",
    "extended_omw",
    "floresta",
    "framenet_v15",
    "framenet_v17",
    "gazetteers",
    "genesis",
    "gutenberg",
    "ieer",
    "inaugural",
    "indian",
    "jeita",
    "kimmo",
    "knbc",
    "large_grammars",
    "lin_thesaurus",
    "mac_morpho",
    "machado",
    "masc_tagged",
    "maxent_ne_chunker",
    "maxent_ne_chunker_tab",
    "maxent_treebank_pos_tagger",
    "maxent_treebank_pos_tagger_tab",
    "moses_sample",
    "movie_reviews",
    "mte_teip5",
    "mwa_ppdb",
    "names",
    "nombank.1.0",
    "nonbreaking_prefixes",
    "nps_chat",
    "omw",
    "omw-1.4",
    "opinion_lexicon",
    "panlex_swadesh",
    "paradigms",
    "pe08",
    "perluniprops",
    "pil",
    "pl196x",
    "popular",
    "porter_test",
    "ppattach",
    "problem_reports",
    "product_reviews_1",
    "product_reviews_2",
    "propbank",
    "pros_cons",
    "ptb",
    "punkt",
    "punkt_tab",
    "qc",
    "reuters",
    "rslp",
    "rte",
    "sample_grammars",
    "semcor",
    "senseval",
    "sentence_polarity",
    "sentiwordnet",
    "shakespeare",
    "sinica_treebank",
    "smultron",
    "snowball_data",
    "spanish_grammars",
    "state_union",
    "stopwords",
    "subjectivity",
    "swadesh",
    "switchboard",
    "tagsets",
    "tests",
    "third-party",
    "timit",
    "toolbox",
    "treebank",
    "twitter_samples",
    "udhr",
    "udhr2",
    "unicode_samples",
    "universal_tagset",
    "universal_treebanks_v20",
    "vader_lexicon",
    "verbnet",
    "verbnet3",
    "webtext",
    "wmt15_eval",
    "word2vec_sample",
    "wordnet",
    "wordnet2021",
    "wordnet2022",
    "wordnet31",
    "wordnet_ic",
    "words",
    "ycoe",
];

/// An entry no index id can be: empty, blank, or holding a character ids never use (every id in
/// the index is made of ASCII letters, digits, `_`, `-` and `.`). A comment, a trailing space or
/// a Windows line end (`\r`) makes the whole line such an id.
pub fn impossible_id(id: &str) -> bool {
    id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_an_entry() {
        let text = "punkt\n\nstopwords \r\ninvalid!".to_string();
        let file = SourceFile::from_text("nltk.txt", text, crate::source::Encoding::Utf8, 0, false);
        let parsed = NltkFile::parse(&file);
        let ids: Vec<&str> = parsed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["punkt", "", "stopwords \r", "invalid!"]);
        assert!(!impossible_id("punkt"));
        assert!(!impossible_id("nombank.1.0"));
        assert!(KNOWN_IDS.contains(&"punkt_tab"));
        assert!(impossible_id(""));
        assert!(impossible_id("stopwords \r"));
        assert!(impossible_id("invalid!"));
        assert!(impossible_id("# corpora"));
        assert!(KNOWN_IDS.windows(2).all(|w| w[0] < w[1]));
        assert!(KNOWN_IDS.iter().all(|id| !impossible_id(id)));
    }
}
