//! Small plans for the cases of rules the plan diff decides.

use super::rule::{Files, MANIFEST};

const SIGNED_UP: (&str, &str) = (
    "events/signed_up.toml",
    "name = \"Signed Up\"\n\n[properties]\nemail = { type = \"string\" }\n",
);
const ORDER_COMPLETED: (&str, &str) = (
    "events/order_completed.toml",
    "name = \"Order Completed\"\n\n[properties]\ntotal = { type = \"number\" }\n",
);
const CART_VIEWED: (&str, &str) = (
    "events/cart_viewed.toml",
    "name = \"Cart Viewed\"\n\n[properties]\ntotal = { ref = \"price\" }\n",
);
const PRICE_FILE: (&str, &str) = ("properties/price.toml", "type = \"number\"\n");
const PRICE_RAISED_FILE: (&str, &str) =
    ("properties/price.toml", "type = \"number\"\nminimum = 1\n");
const SIGNED_UP_PUBLISHED: (&str, &str) = (
    "tplan.lock",
    "version = 1\n\n[events.signed_up]\nversion = \"1-0-0\"\nid = \"0000000000000000000000000000000000000000000000000000000000000000\"\n",
);
const BOTH_PUBLISHED: (&str, &str) = (
    "tplan.lock",
    "version = 1\n\n[events.order_completed]\nversion = \"1-0-0\"\nid = \"0000000000000000000000000000000000000000000000000000000000000000\"\n\n[events.signed_up]\nversion = \"1-0-0\"\nid = \"0000000000000000000000000000000000000000000000000000000000000000\"\n",
);

/// One event.
pub(crate) const ONE: Files = &[MANIFEST, SIGNED_UP];
/// `ONE` and another event.
pub(crate) const TWO: Files = &[MANIFEST, SIGNED_UP, ORDER_COMPLETED];
/// `TWO`, both published.
pub(crate) const TWO_PUBLISHED: Files = &[MANIFEST, SIGNED_UP, ORDER_COMPLETED, BOTH_PUBLISHED];
/// `TWO_PUBLISHED` with `order_completed` removed.
pub(crate) const ONE_LEFT: Files = &[MANIFEST, SIGNED_UP, BOTH_PUBLISHED];
/// `ONE`'s event under another key, same name.
pub(crate) const ONE_RENAMED: Files = &[
    MANIFEST,
    (
        "events/user_signed_up.toml",
        "name = \"Signed Up\"\n\n[properties]\nemail = { type = \"string\" }\n",
    ),
];
const SIGNED_UP_MAIL: (&str, &str) = (
    "events/signed_up.toml",
    "name = \"Signed Up\"\n\n[properties]\nmail = { type = \"string\" }\n",
);

const SIGNED_UP_MAIL_ALIASED: (&str, &str) = (
    "events/signed_up.toml",
    "name = \"Signed Up\"\n\n[properties]\nmail = { type = \"string\", aliases = [\"email\"] }\n",
);

/// `ONE_MAIL_PUBLISHED` keeping the old name as an alias.
pub(crate) const ONE_MAIL_ALIASED: Files = &[MANIFEST, SIGNED_UP_MAIL_ALIASED, SIGNED_UP_PUBLISHED];
/// `ONE` under another Iglu vendor.
pub(crate) const ONE_MOBILE: Files = &[
    MANIFEST,
    (
        "events/signed_up.toml",
        "name = \"Signed Up\"\nvendor = \"com.acme.mobile\"\n\n[properties]\nemail = { type = \"string\" }\n",
    ),
];
/// `ONE` sent as an identify call.
pub(crate) const ONE_IDENTIFY: Files = &[
    MANIFEST,
    (
        "events/signed_up.toml",
        "name = \"Signed Up\"\ntype = \"identify\"\n\n[properties]\nemail = { type = \"string\" }\n",
    ),
];
/// `ONE` with its property renamed.
pub(crate) const ONE_MAIL: Files = &[MANIFEST, SIGNED_UP_MAIL];
/// `ONE_MAIL`, after `signed_up` was published.
pub(crate) const ONE_MAIL_PUBLISHED: Files = &[MANIFEST, SIGNED_UP_MAIL, SIGNED_UP_PUBLISHED];
/// `ONE`, published.
pub(crate) const ONE_PUBLISHED: Files = &[MANIFEST, SIGNED_UP, SIGNED_UP_PUBLISHED];
/// `ONE_RENAMED`, after `signed_up` was published.
pub(crate) const ONE_RENAMED_PUBLISHED: Files = &[
    MANIFEST,
    SIGNED_UP_PUBLISHED,
    (
        "events/user_signed_up.toml",
        "name = \"Signed Up\"\n\n[properties]\nemail = { type = \"string\" }\n",
    ),
];
/// An event published once, then removed.
pub(crate) const GONE: Files = &[MANIFEST, SIGNED_UP_PUBLISHED];
/// `GONE` with the event back.
pub(crate) const BACK: Files = &[MANIFEST, SIGNED_UP_PUBLISHED, SIGNED_UP];
/// A shared property no event uses.
pub(crate) const PRICE: Files = &[MANIFEST, PRICE_FILE];
/// `PRICE` with a minimum.
pub(crate) const PRICE_RAISED: Files = &[MANIFEST, PRICE_RAISED_FILE];
/// `ONE` with a shared property no event uses.
pub(crate) const PRICE_ADDED: Files = &[MANIFEST, SIGNED_UP, PRICE_FILE];
/// A shared property an event uses.
pub(crate) const USED: Files = &[MANIFEST, CART_VIEWED, PRICE_FILE];
/// `USED` with a minimum on the shared property.
pub(crate) const USED_RAISED: Files = &[MANIFEST, CART_VIEWED, PRICE_RAISED_FILE];
/// An owner.
pub(crate) const OWNED: Files = &[MANIFEST, ("owners/growth.toml", "name = \"Growth\"\n")];
/// `OWNED` with the owner's name changed.
pub(crate) const OWNED_RENAMED: Files =
    &[MANIFEST, ("owners/growth.toml", "name = \"Growth Team\"\n")];
