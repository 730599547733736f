//! The example plan `tplan init --example` writes: "Acme Shop", an e-commerce
//! web shop and mobile apps with 3 owners, 4 sources, 10 shared properties
//! and 28 events that use every part of the plan format (nested objects,
//! arrays of objects, enums, formats, nullable types, examples, a draft and a
//! deprecated event, an identify call beside the tracks).

/// Files of the example plan, relative to the plan folder.
pub const EXAMPLE_FILES: &[(&str, &str)] = &[
    (
        "events/app_opened.toml",
        include_str!("../example/events/app_opened.toml"),
    ),
    (
        "events/cart_viewed.toml",
        include_str!("../example/events/cart_viewed.toml"),
    ),
    (
        "events/checkout_started.toml",
        include_str!("../example/events/checkout_started.toml"),
    ),
    (
        "events/checkout_step_completed.toml",
        include_str!("../example/events/checkout_step_completed.toml"),
    ),
    (
        "events/coupon_applied.toml",
        include_str!("../example/events/coupon_applied.toml"),
    ),
    (
        "events/coupon_denied.toml",
        include_str!("../example/events/coupon_denied.toml"),
    ),
    (
        "events/newsletter_subscribed.toml",
        include_str!("../example/events/newsletter_subscribed.toml"),
    ),
    (
        "events/order_completed.toml",
        include_str!("../example/events/order_completed.toml"),
    ),
    (
        "events/order_refunded.toml",
        include_str!("../example/events/order_refunded.toml"),
    ),
    (
        "events/payment_info_entered.toml",
        include_str!("../example/events/payment_info_entered.toml"),
    ),
    (
        "events/product_added.toml",
        include_str!("../example/events/product_added.toml"),
    ),
    (
        "events/product_clicked.toml",
        include_str!("../example/events/product_clicked.toml"),
    ),
    (
        "events/product_list_viewed.toml",
        include_str!("../example/events/product_list_viewed.toml"),
    ),
    (
        "events/product_removed.toml",
        include_str!("../example/events/product_removed.toml"),
    ),
    (
        "events/product_viewed.toml",
        include_str!("../example/events/product_viewed.toml"),
    ),
    (
        "events/products_searched.toml",
        include_str!("../example/events/products_searched.toml"),
    ),
    (
        "events/promotion_clicked.toml",
        include_str!("../example/events/promotion_clicked.toml"),
    ),
    (
        "events/promotion_viewed.toml",
        include_str!("../example/events/promotion_viewed.toml"),
    ),
    (
        "events/referral_link_shared.toml",
        include_str!("../example/events/referral_link_shared.toml"),
    ),
    (
        "events/review_submitted.toml",
        include_str!("../example/events/review_submitted.toml"),
    ),
    (
        "events/search_result_clicked.toml",
        include_str!("../example/events/search_result_clicked.toml"),
    ),
    (
        "events/signed_in.toml",
        include_str!("../example/events/signed_in.toml"),
    ),
    (
        "events/signed_out.toml",
        include_str!("../example/events/signed_out.toml"),
    ),
    (
        "events/signed_up.toml",
        include_str!("../example/events/signed_up.toml"),
    ),
    (
        "events/subscription_cancelled.toml",
        include_str!("../example/events/subscription_cancelled.toml"),
    ),
    (
        "events/subscription_started.toml",
        include_str!("../example/events/subscription_started.toml"),
    ),
    (
        "events/user_identified.toml",
        include_str!("../example/events/user_identified.toml"),
    ),
    (
        "events/wishlist_product_added.toml",
        include_str!("../example/events/wishlist_product_added.toml"),
    ),
    (
        "owners/checkout.toml",
        include_str!("../example/owners/checkout.toml"),
    ),
    (
        "owners/discovery.toml",
        include_str!("../example/owners/discovery.toml"),
    ),
    (
        "owners/growth.toml",
        include_str!("../example/owners/growth.toml"),
    ),
    (
        "properties/cart_id.toml",
        include_str!("../example/properties/cart_id.toml"),
    ),
    (
        "properties/category.toml",
        include_str!("../example/properties/category.toml"),
    ),
    (
        "properties/coupon_code.toml",
        include_str!("../example/properties/coupon_code.toml"),
    ),
    (
        "properties/currency.toml",
        include_str!("../example/properties/currency.toml"),
    ),
    (
        "properties/order_id.toml",
        include_str!("../example/properties/order_id.toml"),
    ),
    (
        "properties/price.toml",
        include_str!("../example/properties/price.toml"),
    ),
    (
        "properties/product_id.toml",
        include_str!("../example/properties/product_id.toml"),
    ),
    (
        "properties/product_name.toml",
        include_str!("../example/properties/product_name.toml"),
    ),
    (
        "properties/quantity.toml",
        include_str!("../example/properties/quantity.toml"),
    ),
    (
        "properties/sku.toml",
        include_str!("../example/properties/sku.toml"),
    ),
    (
        "sources/android.toml",
        include_str!("../example/sources/android.toml"),
    ),
    (
        "sources/ios.toml",
        include_str!("../example/sources/ios.toml"),
    ),
    (
        "sources/server.toml",
        include_str!("../example/sources/server.toml"),
    ),
    (
        "sources/web.toml",
        include_str!("../example/sources/web.toml"),
    ),
    ("tplan.toml", include_str!("../example/tplan.toml")),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_file_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example");
        let mut on_disk = Vec::new();
        for sub in ["", "owners", "properties", "sources", "events"] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
                let entry = entry.unwrap();
                if entry.path().is_file() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    on_disk.push(if sub.is_empty() {
                        name
                    } else {
                        format!("{sub}/{name}")
                    });
                }
            }
        }
        on_disk.sort();
        let listed: Vec<&str> = EXAMPLE_FILES.iter().map(|(p, _)| *p).collect();
        assert_eq!(on_disk, listed);
    }
}
