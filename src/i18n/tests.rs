use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::*;

/// Every message of a catalogue with the variables (`$name`) its value and attributes use.
fn messages(source: &str, lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| panic!("locales/{lang}/relais.ftl: {errors:?}"));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            for a in &m.attributes {
                pattern_vars(&a.value, &mut vars);
            }
            assert!(
                out.insert(m.id.name.to_string(), vars).is_none(),
                "{lang}: message {} defined twice",
                m.id.name
            );
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn every_key_and_placeable_exists_in_every_language() {
    let en = messages(EN_FTL, "en");
    let fr = messages(FR_FTL, "fr");
    assert!(en.len() > 100, "{} English messages", en.len());
    let only_en: Vec<&String> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
    let only_fr: Vec<&String> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "missing in fr: {only_en:?}");
    assert!(only_fr.is_empty(), "missing in en: {only_fr:?}");
    for (key, vars) in &en {
        assert_eq!(
            vars, &fr[key],
            "placeables of {key} differ between en and fr"
        );
    }
    // Both catalogues load into a bundle without error (no duplicate or malformed entry).
    for lang in Lang::ALL {
        let tr = Tr::new(lang);
        assert!(en.keys().all(|k| tr.has(k)));
    }
}

#[test]
fn messages_have_no_isolation_marks() {
    let tr = Tr::new(Lang::Fr);
    let s = tr.tr_args("report-inputs", &[("files", "a.csv".into())]);
    assert_eq!(s, "fichiers d’entrée\u{202F}: a.csv");
    assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'));
    let en = Tr::new(Lang::En);
    assert_eq!(
        en.tr_args("report-inputs", &[("files", "a.csv".into())]),
        "inputs: a.csv"
    );
}

#[test]
fn french_plurals_select_on_the_number() {
    let tr = Tr::new(Lang::Fr);
    let one = tr.tr_args("roles-count", &[("n", 1u64.into()), ("count", "1".into())]);
    let many = tr.tr_args(
        "roles-count",
        &[("n", 1234u64.into()), ("count", tr.int(1234).into())],
    );
    assert_eq!(one, "(1 compte)");
    assert_eq!(many, "(1\u{202F}234 comptes)");
}

#[test]
fn numbers_and_dates_per_language() {
    let (en, fr) = (Tr::new(Lang::En), Tr::new(Lang::Fr));
    assert_eq!(en.int(1_234_567), "1,234,567");
    assert_eq!(fr.int(1_234_567), "1\u{202F}234\u{202F}567");
    assert_eq!(fr.int(999), "999");
    assert_eq!(en.count(1234), "1234");
    assert_eq!(fr.count(1234), "1\u{202F}234");
    assert_eq!(en.decimal("0.5"), "0.5");
    assert_eq!(fr.decimal("0.5"), "0,5");
    assert_eq!(fr.decimal("1.230e-5"), "1,230e-5");
    assert_eq!(fr.fixed(0.123_46, 3), "0,123");
    assert_eq!(en.percent("61"), "61%");
    assert_eq!(fr.percent("61.3"), "61,3\u{202F}%");
    assert_eq!(en.date("2026-11-21"), "2026-11-21");
    assert_eq!(fr.date("2026-11-21"), "21/11/2026");
    assert_eq!(fr.date("2026-11-21 14h"), "21/11/2026 14h");
    assert_eq!(fr.date("window 3"), "window 3");
    assert_eq!(group("-1234", ','), "-1,234");
}

#[test]
fn locale_detection() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(Lang::detect_from(env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
    assert_eq!(Lang::detect_from(env(&[("LANG", "C")])), Lang::En);
    assert_eq!(Lang::detect_from(env(&[])), Lang::En);
    assert_eq!(
        Lang::detect_from(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "fr_FR.UTF-8")])),
        Lang::En
    );
    assert_eq!(
        Lang::detect_from(env(&[
            ("LC_ALL", ""),
            ("LC_MESSAGES", "fr_CA"),
            ("LANG", "C")
        ])),
        Lang::Fr
    );
    assert_eq!(Lang::from_locale("fr"), Lang::Fr);
    assert_eq!(Lang::from_locale("de_DE.UTF-8"), Lang::En);
    assert_eq!(Lang::from_locale("POSIX"), Lang::En);
}
