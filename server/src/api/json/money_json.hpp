#pragma once
// JSON for money: strict amount decoding (integer cents only) and the encoders of tips, ledger
// lines, payouts and subscriptions. Shared by the REST routes and the Socket.IO tip event.
#include <boost/json/object.hpp>

#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "store/money_rows.hpp"

namespace tc::api {

// `amount_cents` as a JSON integer 1 … 2^53. Rejected with invalid_amount: negative, zero,
// fractions (1.5), numbers written with a fraction or exponent (100.0, 1e2), strings, booleans,
// anything above 2^53. missing_field when absent. With `dollars_compat`, a founding-design
// `amount` in dollars is accepted instead when it converts to whole cents exactly (12.34 → 1234).
core::Result<int64_t> amount_cents_field(const boost::json::object& o, bool dollars_compat = false);

// The optional `currency` of a money body: absent or null is the deployment's; otherwise a string
// equal to it. Errors: invalid_field (not a string), unsupported_currency.
core::Status currency_field(const boost::json::object& o, std::string_view deployment_currency);

boost::json::object tip_json(const store::TipRow& t);
boost::json::object statement_line_json(const store::StatementLine& l);
boost::json::object payout_json(const store::PayoutRow& p);
boost::json::object subscription_json(const store::SubscriptionRow& s);

}  // namespace tc::api
