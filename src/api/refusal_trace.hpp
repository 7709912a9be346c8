// api/refusal_trace.hpp: an API refusal told in the trace, at the layer that decided.
// Course topic: reading protocol traces: a 4xx's reason belongs in the trace, not only in
// the body a client may never show (issue 15).
// Line shape: "MODEL refused: Row 0 has 2 values, but the model takes 4. (/problems/wrong-feature-count)".
// Read next: api/service.cpp, which calls this for every answer a handler made.
#pragma once

#include "http/message.hpp"
#include "trace/trace.hpp"

namespace glassbox::api {

/// For a problem this API defines (type "/problems/<slug>", RFC 9457 §3.1.1), one trace line:
/// "<LAYER> refused: <detail> (<type>)", at MODEL when the model or its input decided (an
/// unknown model, bad features), at REST when the resource's rules did (media type, access).
/// Any other answer, the router's about:blank problems among them, adds nothing: those have
/// their REST line already.
void trace_refusal(trace::Trace& trace, const http::Response& response);

} // namespace glassbox::api
