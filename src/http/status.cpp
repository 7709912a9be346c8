// http/status.cpp: lookups in the one status table of status.hpp.
// Course topic: status lines and status classes.
// Spec: RFC 9110 §15.
#include "http/status.hpp"

namespace glassbox::http {

std::string_view reason(Status status) {
    for (const auto& row : status_table) {
        if (row.status == status) return row.reason;
    }
    return "Unknown";
}

StatusClass status_class(Status status) {
    const int first_digit = code(status) / 100;
    if (first_digit == 1) return StatusClass::informational;
    if (first_digit == 2) return StatusClass::successful;
    if (first_digit == 3) return StatusClass::redirection;
    if (first_digit == 4) return StatusClass::client_error;
    return StatusClass::server_error;
}

std::string_view describe(StatusClass cls) {
    switch (cls) {
    case StatusClass::informational: return "1xx informational";
    case StatusClass::successful: return "2xx successful";
    case StatusClass::redirection: return "3xx redirection";
    case StatusClass::client_error: return "4xx client error";
    case StatusClass::server_error: return "5xx server error";
    }
    return "unknown class";
}

} // namespace glassbox::http
