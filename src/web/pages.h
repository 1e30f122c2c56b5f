/* The handlers the route table (routes.c) points at: one file per page or
 * API resource, one exported function per route. A new page adds its line
 * here and its row in routes.c. */
#ifndef KOPA_WEB_PAGES_H
#define KOPA_WEB_PAGES_H
#include "web/web.h"

/* static.c: GET /static/{name} */
int page_static(kp_req *r);
/* page_login.c: GET /login, POST /login (rerender: page_login) */
int page_login(kp_req *r);
int page_login_submit(kp_req *r);
/* The login form in place of a page a POST without a live session asked
 * for; `resume` (a local path, or NULL) is the form kept to send again
 * after the login. Status 200 (the caller answers 401). */
int page_login_in_place(kp_req *r, const char *resume, bool kept, bool retype_secret);
/* page_logout.c: POST /logout, POST /logout-everywhere */
int page_logout(kp_req *r);
int page_logout_everywhere(kp_req *r);
/* page_healthz.c: GET /healthz */
int page_healthz(kp_req *r);
/* page_lang.c: POST /lang */
int page_lang(kp_req *r);
/* page_home.c: GET / */
int page_home(kp_req *r);
/* page_cost.c: GET /cost (HTML, or format=csv) */
int page_cost(kp_req *r);
/* api_progress.c: GET /api/v1/progress, GET /api/v1/cost */
int api_progress(kp_req *r);
int api_cost(kp_req *r);
/* page_audit.c: GET /admin/audit */
int page_audit(kp_req *r);
/* page_drafts.c: POST /drafts (autosave) */
int page_drafts_save(kp_req *r);

/* Case work: page_caseload.c, page_clients.c, page_client_new.c, page_client.c,
 * page_plan_diff.c, page_assessment.c, page_plan.c, page_assign.c,
 * page_referrals.c, page_attendance.c, page_statement.c, page_caseloads.c */
int page_caseload(kp_req *r);
int page_caseload_confirm(kp_req *r);
int page_clients(kp_req *r);
int page_clients_search(kp_req *r);
int page_client_new(kp_req *r);
int page_client_new_submit(kp_req *r);
int page_client(kp_req *r);
int page_plan_approve(kp_req *r);
int page_plan_approve_submit(kp_req *r);
int page_plan_diff(kp_req *r);
int page_assessment(kp_req *r);
int page_assessment_submit(kp_req *r);
int page_plan(kp_req *r);
int page_plan_submit(kp_req *r);
int page_assign(kp_req *r);
int page_assign_submit(kp_req *r);
int page_referrals(kp_req *r);
int page_attendance(kp_req *r);
int page_attendance_submit(kp_req *r);
int page_statement(kp_req *r);
int page_caseloads(kp_req *r);
int page_caseloads_reassign(kp_req *r);

/* A person's history (with person_form.c and the card's client_history.c):
 * page_client_correct.c, page_client_move.c, page_client_case.c,
 * page_client_code.c, page_client_representatives.c, page_client_residence.c */
int page_client_correct(kp_req *r);
int page_client_correct_submit(kp_req *r);
int page_client_move(kp_req *r);
int page_client_move_submit(kp_req *r);
int page_client_case(kp_req *r);
int page_client_case_submit(kp_req *r);
int page_client_code(kp_req *r);
int page_client_code_submit(kp_req *r);
int page_client_representatives(kp_req *r);
int page_client_representatives_submit(kp_req *r);
int page_client_representatives_end(kp_req *r);
int page_client_residence(kp_req *r);
int page_client_residence_submit(kp_req *r);
/* page_client_contacts.c: the contact log and tasks of a client, the card's
 * panel of them with the masked personal code, showing the whole code
 * (audited), and the worker's own tasks on the start page */
int page_client_contacts(kp_req *r);
int page_client_contacts_submit(kp_req *r);
int page_client_tasks(kp_req *r);
int page_client_tasks_submit(kp_req *r);
int page_client_task_done(kp_req *r);
int page_client_code_show(kp_req *r);
kp_rc kp_card_casework_panels(kp_req *r, int64_t client_id);
void kp_home_tasks_panel(kp_req *r);
/* page_client_privacy.c: restriction, legal basis and consent, the subject
 * export of a client, and the card's privacy section */
int page_client_privacy(kp_req *r);
int page_client_privacy_restrict(kp_req *r);
int page_client_privacy_lift(kp_req *r);
int page_client_privacy_basis(kp_req *r);
int page_client_export(kp_req *r);
kp_rc kp_card_privacy_panel(kp_req *r, int64_t client_id);
/* page_privacy_record.c: the record of processing activities (Art. 30) */
int page_privacy_record(kp_req *r);
/* api_privacy.c: the same as JSON */
int api_client_privacy(kp_req *r);
int api_client_restrict(kp_req *r);
int api_client_lift(kp_req *r);
int api_client_basis(kp_req *r);
int api_client_export(kp_req *r);
int api_privacy_purposes(kp_req *r);
/* page_assignment.c: an assignment's status and its changes; ending a plan */
int page_assignment(kp_req *r);
int page_assignment_cancel(kp_req *r);
int page_assignment_suspend(kp_req *r);
int page_assignment_end(kp_req *r);
int page_assignment_resume(kp_req *r);
int page_plan_end(kp_req *r);
int page_plan_end_submit(kp_req *r);
/* The card's link to an assignment's page (page_client.c uses it). */
void page_assignment_link(kp_req *r, int64_t assignment_id);

/* page_files.c: the evaluation and case documents as files */
int page_evaluation(kp_req *r);
int page_evaluation_file(kp_req *r);
/* page_evaluation_*.c, api_evaluation.c: the evaluation as the published document */
int page_evaluation_view(kp_req *r);
int page_evaluation_chapters(kp_req *r);
int page_evaluation_chapters_save(kp_req *r);
int page_evaluation_chapter_history(kp_req *r);
int page_evaluation_approve(kp_req *r);
int page_evaluation_approve_submit(kp_req *r);
int page_evaluation_versions(kp_req *r);
int page_evaluation_version(kp_req *r);
int page_evaluation_version_file(kp_req *r);
/* page_open_data.c: the evaluation's open data, public */
int page_open_data_evaluation(kp_req *r);
int api_evaluation_chapters(kp_req *r);
int api_evaluation_chapter_save(kp_req *r);
int api_evaluation_chapter_history(kp_req *r);
int api_evaluation_approve(kp_req *r);
int api_evaluation_versions(kp_req *r);
int api_evaluation_version(kp_req *r);
/* page_figures_records.c: GET /figures/records, the records behind a figure */
int page_figures_records(kp_req *r);
/* api_figures.c: GET /api/v1/figures/records */
int api_figure_records(kp_req *r);
int page_plan_document(kp_req *r);
int page_decision_document(kp_req *r);
int page_referral_document(kp_req *r);
int page_statement_document(kp_req *r);

/* page_claims.c: compensation claims (municipal head builds, region verifies and pays) */
int page_claims(kp_req *r);
int page_claims_build(kp_req *r);
int page_claims_pay(kp_req *r);
int page_claim(kp_req *r);
int page_claim_verify(kp_req *r);
/* page_claims.c: the preview before a claim is made, many verdicts at once */
int page_claims_preview(kp_req *r);
int page_claim_verify_all(kp_req *r);
/* page_diplan*.c: the DI plan editor; api_diplan.c: its JSON API */
int page_diplan(kp_req *r);
int page_diplan_object_new(kp_req *r);
int page_diplan_object_create(kp_req *r);
int page_diplan_object(kp_req *r);
int page_diplan_object_change(kp_req *r);
int page_diplan_object_edit(kp_req *r);
int page_diplan_amendment_new(kp_req *r);
int page_diplan_amendment_create(kp_req *r);
int api_diplan(kp_req *r);
int api_diplan_object(kp_req *r);
int api_diplan_object_create(kp_req *r);
int api_diplan_object_change(kp_req *r);
int api_diplan_object_edit(kp_req *r);
int api_diplan_amendment_create(kp_req *r);
/* page_indicators.c: the region's indicators and entered values */
int page_indicators(kp_req *r);
int page_indicator_value(kp_req *r);
int page_indicator_correct(kp_req *r);

/* page_check.c: GET /check, the data-quality findings in the caller's scope */
int page_check(kp_req *r);

/* api_session.c: POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me */
int api_login(kp_req *r);
int api_logout(kp_req *r);
int api_me(kp_req *r);
/* api_clients.c: GET /api/v1/clients, GET /api/v1/clients/{id}, POST /api/v1/clients */
int api_clients_list(kp_req *r);
int api_client_get(kp_req *r);
int api_client_create(kp_req *r);
/* api_people.c: a person's history under /api/v1/clients/{id}/ */
int api_client_history(kp_req *r);
int api_client_versions(kp_req *r);
int api_client_representatives(kp_req *r);
int api_client_correct(kp_req *r);
int api_client_move(kp_req *r);
int api_client_case_status(kp_req *r);
int api_client_code_change(kp_req *r);
int api_client_representative_link(kp_req *r);
int api_client_representative_end(kp_req *r);
int api_client_residence_move(kp_req *r);
/* api_assignments.c: GET /api/v1/assignments/{id}, POST …/cancel, …/suspend, …/end,
 * POST /api/v1/suspensions/{id}/resume, GET /api/v1/plans/{id}, POST /api/v1/plans/{id}/end */
int api_assignment_get(kp_req *r);
int api_assignment_cancel(kp_req *r);
int api_assignment_suspend(kp_req *r);
int api_assignment_end(kp_req *r);
int api_suspension_resume(kp_req *r);
int api_plan_get(kp_req *r);
int api_client_assign(kp_req *r);
/* {"field": "message", …} of the warnings a command gave (api_assignments.c). */
json_t *kp_api_warnings(const kp_errors *w);
int api_client_providers(kp_req *r);
int api_plan_approve(kp_req *r);
int api_plan_end(kp_req *r);
/* api_audit.c: GET /api/v1/audit */
int api_audit(kp_req *r);
/* api_check.c: GET /api/v1/check */
int api_check(kp_req *r);
/* page_need.c: GET /need, need against places at a date */
int page_need(kp_req *r);
/* api_need.c: GET /api/v1/need */
int api_need(kp_req *r);
/* page_cooperation.c: cooperation agreements (GET /cooperation, POST
 * /cooperation/new, GET /cooperation/{id}, POST …/{id}/end, …/{id}/correct) */
int page_cooperation(kp_req *r);
int page_cooperation_create(kp_req *r);
int page_cooperation_one(kp_req *r);
int page_cooperation_end(kp_req *r);
int page_cooperation_correct(kp_req *r);
/* api_cooperation.c: GET/POST /api/v1/cooperation, GET …/{id}, POST …/{id}/end, …/{id}/corrections */
int api_cooperation_list(kp_req *r);
int api_cooperation_one(kp_req *r);
int api_cooperation_add(kp_req *r);
int api_cooperation_end(kp_req *r);
int api_cooperation_correct(kp_req *r);
/* api_contacts.c: a client's contact log and tasks, the caller's tasks */
int api_client_contacts(kp_req *r);
int api_client_contact_add(kp_req *r);
int api_client_tasks(kp_req *r);
int api_client_task_add(kp_req *r);
int api_client_task_done(kp_req *r);
int api_my_tasks(kp_req *r);
/* api_claims.c: a claim's preview, making it, many verdicts at once */
int api_claim_preview(kp_req *r);
int api_claim_create(kp_req *r);
int api_claim_verify_all(kp_req *r);
/* api_programme.c: programme records over time */
int api_indicator_correct(kp_req *r);
int api_compensation_correct(kp_req *r);
int api_payment_request_correct(kp_req *r);
int api_provider_close(kp_req *r);
int api_facility_close(kp_req *r);
int api_facility_places(kp_req *r);
/* The public catalogue (page_public_services.c, api_public.c) and its facts (api_programme.c) */
int page_public_services(kp_req *r);
int api_public_services(kp_req *r);
int api_facility_public(kp_req *r);
int api_provider_public(kp_req *r);
int api_social_service(kp_req *r);

/* page_apply.c, page_apply_status.c: applying online (public) */
int page_apply(kp_req *r);
int page_apply_submit(kp_req *r);
int page_apply_privacy(kp_req *r);
int page_apply_status(kp_req *r);
int page_apply_status_submit(kp_req *r);
int page_apply_answer(kp_req *r);
int page_apply_receipt(kp_req *r);
/* page_intake.c: the municipality's intake queue */
int page_intake(kp_req *r);
int page_intake_application(kp_req *r);
int page_intake_accept(kp_req *r);
int page_intake_ask(kp_req *r);
int page_intake_refuse(kp_req *r);
/* The link with the count of new applications on the caseload pages. */
void kp_intake_link(kp_req *r);
/* api_intake.c: public submission and status; the intake queue */
int api_apply_submit(kp_req *r);
int api_apply_status(kp_req *r);
int api_apply_answer(kp_req *r);
int api_intake_list(kp_req *r);
int api_intake_get(kp_req *r);
int api_intake_accept(kp_req *r);
int api_intake_ask(kp_req *r);
int api_intake_refuse(kp_req *r);

#endif
