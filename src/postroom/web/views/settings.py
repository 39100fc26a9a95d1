"""A service's settings, each on its own page, and the request to go live."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from postroom.db import db
from postroom.domain.services import go_live, inbound_numbers, retention_periods, services
from postroom.domain.services.senders import (
    LETTER_CONTACTS,
    REPLY_TO,
    SMS_SENDERS,
    add_contact,
    list_contacts,
    update_contact,
)
from postroom.domain.vocabulary.errors import InvalidRequest
from postroom.domain.vocabulary.notification_types import INBOUND_SMS, NOTIFICATION_TYPES
from postroom.domain.vocabulary.permissions import MANAGE_SERVICE
from postroom.models import EmailBranding, LetterBranding, Organisation
from postroom.web.access import service_page
from postroom.web.form_saving import Saving
from postroom.web.forms import ConfirmForm
from postroom.web.settings_forms import (
    ADMIN_PERMISSIONS,
    TEAM_PERMISSIONS,
    AddSmsSenderForm,
    BillingDetailsForm,
    BrandingForm,
    ContactLinkForm,
    DataRetentionForm,
    EmailSenderNameForm,
    EstimateUsageForm,
    LetterContactForm,
    MessageLimitsForm,
    NameForm,
    PermissionsForm,
    ReplyToForm,
    SmsSenderForm,
)

blueprint = Blueprint(
    "settings", __name__, url_prefix="/services/<uuid:service_id>/service-settings"
)


def _back(service_id, message: str | None = None):
    db.session.commit()
    if message:
        flash(message)
    return redirect(url_for("settings.index", service_id=service_id))


@blueprint.get("")
@service_page(MANAGE_SERVICE)
def index(service_id):
    return render_template(
        "settings/index.html",
        service=g.service,
        reply_to=list_contacts(db.session, REPLY_TO, service_id),
        sms_senders=list_contacts(db.session, SMS_SENDERS, service_id),
        permissions={**TEAM_PERMISSIONS, **ADMIN_PERMISSIONS},
    )


def _default_sms_sender(service_id):
    senders = list_contacts(db.session, SMS_SENDERS, service_id)
    return next((s for s in senders if s.is_default), None)


def _set_sms_sender(service, value: str) -> None:
    sender = _default_sms_sender(service.id)
    if sender is None:
        add_contact(db.session, SMS_SENDERS, service.id, value, True)
    else:
        update_contact(db.session, SMS_SENDERS, service.id, sender.id, value, True)


@dataclass(frozen=True)
class OneFieldSetting:
    form: type
    title: str
    current: Callable  # service -> the value shown in the form
    save: Callable  # (service, value) -> None; domain errors name the field `value`
    hint: str | None = None


ONE_FIELD_SETTINGS = {
    "name": OneFieldSetting(
        NameForm,
        "Change your service name",
        lambda s: s.name,
        lambda s, v: services.update_service(db.session, s, {"name": v}),
    ),
    "contact-link": OneFieldSetting(
        ContactLinkForm,
        "How recipients can contact you",
        lambda s: s.contact_link,
        lambda s, v: services.update_service(
            db.session, s, {"contact_link": services.check_contact_link(v)}
        ),
        "For example https://www.example.gov.uk/contact, help@example.gov.uk or 0300 123 4567",
    ),
    "email-sender-name": OneFieldSetting(
        EmailSenderNameForm,
        "Email sender name",
        lambda s: s.custom_email_sender_name,
        lambda s, v: services.update_service(
            db.session, s, {"custom_email_sender_name": v.strip() or None}
        ),
        "Leave empty to use your service name",
    ),
    "sms-sender": OneFieldSetting(
        SmsSenderForm,
        "Text message sender",
        lambda s: getattr(_default_sms_sender(s.id), "sms_sender", None),
        _set_sms_sender,
        "Up to 11 letters and numbers, or a phone number",
    ),
}


@blueprint.route(
    '/<any("name", "contact-link", "email-sender-name", "sms-sender"):setting>',
    methods=["GET", "POST"],
)
@service_page(MANAGE_SERVICE)
def one_field(service_id, setting):
    page = ONE_FIELD_SETTINGS[setting]
    form = page.form(data={"value": page.current(g.service)})
    if form.validate_on_submit():
        with Saving(form, default_field="value") as saving:
            page.save(g.service, form.value.data or "")
        if saving.saved:
            return _back(service_id, "Setting saved")
    return render_template("settings/one_field.html", service=g.service, form=form, page=page)


@dataclass(frozen=True)
class ContactsPage:
    kind: object  # a service_contacts kind
    form: type
    field: str
    title: str
    empty: str
    add: str
    added: str
    hint: str | None = None
    multiline: bool = False

    @property
    def attribute(self) -> str:
        return self.kind.field


CONTACT_PAGES = {
    "email-reply-to": ContactsPage(
        REPLY_TO,
        ReplyToForm,
        "email_address",
        "Reply-to email addresses",
        "You have not added any reply-to email addresses yet.",
        "Add a reply-to email address",
        "Reply-to email address added",
    ),
    "sms-senders": ContactsPage(
        SMS_SENDERS,
        AddSmsSenderForm,
        "sms_sender",
        "Text message senders",
        "You have no text message senders yet.",
        "Add a text message sender",
        "Text message sender added",
        hint="3 to 11 letters and numbers, or a phone number",
    ),
    "letter-contact-blocks": ContactsPage(
        LETTER_CONTACTS,
        LetterContactForm,
        "contact_block",
        "Sender addresses",
        "Your letters do not show a sender address yet.",
        "Add a sender address",
        "Sender address added",
        multiline=True,
    ),
}


@blueprint.route(
    '/<any("email-reply-to", "sms-senders", "letter-contact-blocks"):kind>',
    methods=["GET", "POST"],
)
@service_page(MANAGE_SERVICE)
def contacts(service_id, kind):
    """A list of reply-to addresses, senders or sender addresses, and a form to add one; the
    first one added is the default."""
    page = CONTACT_PAGES[kind]
    form = page.form()
    if form.validate_on_submit():
        existing = list_contacts(db.session, page.kind, service_id)
        with Saving(form, default_field=page.field) as saving:
            add_contact(
                db.session,
                page.kind,
                service_id,
                form[page.field].data,
                form.is_default.data or not existing,
            )
        if saving.saved:
            return _back(service_id, page.added)
    return render_template(
        "settings/contacts.html",
        service=g.service,
        form=form,
        page=page,
        contacts=list_contacts(db.session, page.kind, service_id),
    )


@blueprint.route("/data-retention", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE)
def retention(service_id):
    current = {
        kind: retention_periods.days_of_retention(db.session, service_id, kind)
        for kind in NOTIFICATION_TYPES
    }
    form = DataRetentionForm(data=current)
    if form.validate_on_submit():
        with Saving(form, default_field="email") as saving:
            for kind in NOTIFICATION_TYPES:
                retention_periods.set_retention(db.session, service_id, kind, form[kind].data)
        if saving.saved:
            return _back(service_id, "Data retention saved")
    return render_template("settings/data_retention.html", service=g.service, form=form)


def _model_page(form_class, fields: tuple[str, ...], title: str, service_id, message: str):
    """A page that edits some of the service's own columns (platform admins only)."""
    form = form_class(data={name: getattr(g.service, name) for name in fields})
    if form.validate_on_submit():
        changes = {name: form[name].data for name in fields}
        services.update_service(db.session, g.service, changes)
        return _back(service_id, message)
    return render_template("settings/fields.html", service=g.service, form=form, title=title)


@blueprint.route("/message-limits", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE, platform_admins_only=True)
def message_limits(service_id):
    fields = (
        "email_message_limit",
        "sms_message_limit",
        "letter_message_limit",
        "international_sms_message_limit",
    )
    return _model_page(
        MessageLimitsForm, fields, "Daily message limits", service_id, "Daily limits saved"
    )


@blueprint.route("/billing-details", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE, platform_admins_only=True)
def billing_details(service_id):
    fields = (
        "billing_contact_email_addresses",
        "billing_contact_names",
        "billing_reference",
        "purchase_order_number",
    )
    return _model_page(
        BillingDetailsForm, fields, "Billing details", service_id, "Billing details saved"
    )


NONE = "none"


def _choices(model) -> list[SelectChoice]:
    rows = db.session.scalars(select(model).order_by(model.name)).all()
    return [SelectChoice(NONE, "None"), *(SelectChoice(str(row.id), row.name) for row in rows)]


@blueprint.route("/branding-and-organisation", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE, platform_admins_only=True)
def branding(service_id):
    service = g.service
    form = BrandingForm(
        data={
            "email_branding": str(service.email_branding_id or NONE),
            "letter_branding": str(service.letter_branding_id or NONE),
            "organisation": str(service.organisation_id or NONE),
        }
    )
    form.email_branding.choices = _choices(EmailBranding)
    form.letter_branding.choices = _choices(LetterBranding)
    form.organisation.choices = _choices(Organisation)
    if form.validate_on_submit():
        services.update_service(
            db.session,
            service,
            {
                name: (None if form[name].data == NONE else form[name].data)
                for name in ("email_branding", "letter_branding", "organisation")
            },
        )
        return _back(service_id, "Branding and organisation saved")
    return render_template("settings/branding.html", service=service, form=form)


@blueprint.route("/estimate-usage", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE)
def estimate_usage(service_id):
    service = g.service
    consent = {True: "yes", False: "no"}.get(service.consent_to_research)
    form = EstimateUsageForm(
        data={
            "volume_email": service.volume_email,
            "volume_sms": service.volume_sms,
            "volume_letter": service.volume_letter,
            "consent_to_research": consent,
        }
    )
    if form.validate_on_submit():
        services.update_service(
            db.session,
            service,
            {
                "volume_email": form.volume_email.data,
                "volume_sms": form.volume_sms.data,
                "volume_letter": form.volume_letter.data,
                "consent_to_research": {"yes": True, "no": False}.get(
                    form.consent_to_research.data
                ),
            },
        )
        return _back(service_id, "Estimated usage saved")
    return render_template("settings/estimate_usage.html", service=service, form=form)


@blueprint.route("/permissions", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE)
def permissions_page(service_id):
    switchable = dict(TEAM_PERMISSIONS)
    if g.user.platform_admin:
        switchable.update(ADMIN_PERMISSIONS)
    form = PermissionsForm(data={"permissions": g.service.permission_names})
    form.permissions.choices = list(switchable.items())
    if form.validate_on_submit():
        chosen = {p for p in form.permissions.data if p in switchable}
        # Permissions this user may not switch stay as they are.
        kept = {p for p in g.service.permission_names if p not in switchable}
        receiving = INBOUND_SMS in chosen | kept
        with Saving(form, default_field="permissions") as saving:
            if receiving != (INBOUND_SMS in g.service.permission_names):
                inbound_numbers.switch_receiving(db.session, service_id, receiving)
            services.update_service(db.session, g.service, {"permissions": sorted(chosen | kept)})
        if saving.saved:
            return _back(service_id, "Permissions saved")
    return render_template(
        "settings/permissions.html",
        service=g.service,
        form=form,
        inbound_number=inbound_numbers.number_for_service(db.session, service_id),
    )


@blueprint.route("/request-to-go-live", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE)
def request_to_go_live(service_id):
    if not g.service.restricted:
        abort(404)
    form = ConfirmForm()
    problem = None
    if form.validate_on_submit():
        try:
            go_live.request_go_live(db.session, g.service, g.user)
        except InvalidRequest as error:
            problem = str(error.message)
        else:
            return _back(service_id, "Thanks for your request to go live. We’ll be in touch.")
    return render_template(
        "settings/request_to_go_live.html",
        service=g.service,
        form=form,
        items=go_live.checklist(db.session, g.service),
        problem=problem,
    )


@blueprint.route("/archive", methods=["GET", "POST"])
@service_page(MANAGE_SERVICE)
def archive(service_id):
    form = ConfirmForm()
    if form.validate_on_submit():
        name = g.service.name
        services.archive_service(db.session, g.service)
        db.session.commit()
        flash(f"‘{name}’ was deleted")
        return redirect(url_for("services.your_services"))
    return render_template("settings/archive.html", service=g.service, form=form)
