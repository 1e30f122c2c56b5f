/* GET /healthz: whether this server can serve now, for the health check of
 * a load balancer in front of several servers (docs/deploy.md): 200 "ok"
 * when the records and the side tables answer, else 503 "unavailable".
 * Plain text, no session, nothing personal, never cached. */
#include "web/pages.h"
#include "service/accounts/sessions.h"

int page_healthz(kp_req *r)
{
    kp_rc rc = kp_sessions_ready(&r->ctx);
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    if (kp_buf_puts(&r->out.buf, rc ? "unavailable\n" : "ok\n"))
        return 500;
    r->content_type = "text/plain; charset=utf-8";
    kp_add_header(r, "Cache-Control", "no-store");
    return rc ? 503 : 200;
}
