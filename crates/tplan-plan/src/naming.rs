//! Naming styles of `[naming]`: checking a name and suggesting the
//! spelling that follows the style.

use crate::model::NamingStyle;

/// Small words Title Case leaves lowercase inside a name (`Added to Cart`).
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
    "via", "with",
];

/// Whether `name` follows `style`.
pub fn follows(style: NamingStyle, name: &str) -> bool {
    let starts_upper = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    let words_ok = |sep: char| {
        !name.is_empty()
            && name
                .split(sep)
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()))
    };
    match style {
        NamingStyle::Any => true,
        NamingStyle::TitleCase | NamingStyle::ObjectAction => {
            let words: Vec<&str> = name.split(' ').collect();
            words_ok(' ')
                && words
                    .iter()
                    .enumerate()
                    .all(|(i, w)| starts_upper(w) || (i > 0 && MINOR_WORDS.contains(w)))
                && (style == NamingStyle::TitleCase || words.len() >= 2)
        }
        NamingStyle::SentenceCase => {
            let mut words = name.split(' ');
            words_ok(' ')
                && words.next().is_some_and(starts_upper)
                // Later words are lowercase, or an acronym (`URL`).
                && words.all(|w| w.chars().all(|c| !c.is_ascii_uppercase()) || w.chars().all(|c| !c.is_ascii_lowercase()))
        }
        NamingStyle::LowerCase => words_ok(' ') && !name.chars().any(|c| c.is_ascii_uppercase()),
        NamingStyle::SnakeCase => {
            words_ok('_')
                && !name.chars().any(|c| c.is_ascii_uppercase())
                && name.starts_with(|c: char| c.is_ascii_lowercase())
        }
        NamingStyle::KebabCase => {
            words_ok('-')
                && !name.chars().any(|c| c.is_ascii_uppercase())
                && name.starts_with(|c: char| c.is_ascii_lowercase())
        }
        NamingStyle::CamelCase => {
            name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
        }
        NamingStyle::PascalCase => {
            name.starts_with(|c: char| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
        }
    }
}

/// The words of a name in any style: split on spaces, `_`, `-`, `.` and
/// lower-to-upper case steps (`orderId` -> `order`, `Id`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn capitalize(w: &str) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// `name` respelled in `style` (`checkout_completed` -> `Checkout Completed`).
pub fn respell(style: NamingStyle, name: &str) -> String {
    let words = words(name);
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    match style {
        NamingStyle::Any => name.to_string(),
        NamingStyle::TitleCase | NamingStyle::ObjectAction => lower
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i > 0 && MINOR_WORDS.contains(&w.as_str()) {
                    w.clone()
                } else {
                    capitalize(w)
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        NamingStyle::SentenceCase => lower
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { capitalize(w) } else { w.clone() })
            .collect::<Vec<_>>()
            .join(" "),
        NamingStyle::LowerCase => lower.join(" "),
        NamingStyle::SnakeCase => lower.join("_"),
        NamingStyle::KebabCase => lower.join("-"),
        NamingStyle::CamelCase => lower
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.clone() } else { capitalize(w) })
            .collect(),
        NamingStyle::PascalCase => lower.iter().map(|w| capitalize(w)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NamingStyle::*;

    #[test]
    fn styles_accept_their_own_names() {
        let cases = [
            (TitleCase, "Checkout Completed", true),
            (TitleCase, "Product Added to Cart", true),
            (TitleCase, "to Cart", false),
            (TitleCase, "checkout completed", false),
            (TitleCase, "Event 000123", true),
            (ObjectAction, "Checkout", false),
            (ObjectAction, "Checkout Completed", true),
            (SentenceCase, "Checkout completed", true),
            (SentenceCase, "Checkout Completed", false),
            (SentenceCase, "Share URL copied", true),
            (LowerCase, "checkout completed", true),
            (SnakeCase, "order_id", true),
            (SnakeCase, "orderId", false),
            (SnakeCase, "order__id", false),
            (SnakeCase, "_x", false),
            (CamelCase, "orderId", true),
            (CamelCase, "OrderId", false),
            (PascalCase, "OrderId", true),
            (KebabCase, "order-id", true),
            (KebabCase, "order_id", false),
            (Any, "whatever Goes", true),
        ];
        for (style, name, ok) in cases {
            assert_eq!(follows(style, name), ok, "{style} {name}");
        }
    }

    #[test]
    fn names_are_respelled_in_the_style() {
        assert_eq!(
            respell(TitleCase, "checkout_completed"),
            "Checkout Completed"
        );
        assert_eq!(
            respell(TitleCase, "product added to cart"),
            "Product Added to Cart"
        );
        assert_eq!(respell(SnakeCase, "orderId"), "order_id");
        assert_eq!(respell(CamelCase, "order_id"), "orderId");
        assert_eq!(respell(PascalCase, "order id"), "OrderId");
        assert_eq!(respell(KebabCase, "Order ID"), "order-id");
        assert_eq!(
            respell(SentenceCase, "Checkout Completed"),
            "Checkout completed"
        );
        for (style, name) in [
            (TitleCase, "checkout_completed"),
            (SnakeCase, "orderId"),
            (CamelCase, "Order ID"),
        ] {
            assert!(follows(style, &respell(style, name)));
        }
    }
}
