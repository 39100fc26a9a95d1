"""A service's templates: listing them in their folders, adding, editing (every save a new
version), previewing, their history, copying and deleting; and the folders themselves."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from werkzeug.exceptions import NotFound as HttpNotFound

from postroom.clock import utcnow
from postroom.db import db
from postroom.domain.templates import folders
from postroom.domain.templates import templates as templates_domain
from postroom.domain.vocabulary.errors import InvalidRequest, NotFound
from postroom.domain.vocabulary.notification_types import EMAIL, LETTER, SMS
from postroom.domain.vocabulary.permissions import MANAGE_TEMPLATES
from postroom.models import User
from postroom.web import sender_choice, template_previews
from postroom.web.access import service_page
from postroom.web.form_saving import Saving
from postroom.web.forms import ConfirmForm
from postroom.web.template_forms import (
    TEMPLATE_FORMS,
    TOP_LEVEL,
    TYPE_LABELS,
    ChooseTemplateTypeForm,
    FolderNameForm,
    MoveForm,
)
from postroom.web.time_ago import time_ago
from postroom.web.views import letters

blueprint = Blueprint("templates", __name__)

TEMPLATES = "/services/<uuid:service_id>/templates"
TEMPLATE = TEMPLATES + "/<uuid:template_id>"
FOLDER = TEMPLATES + "/folders/<uuid:folder_id>"
# As GOV.UK Notify: deleting a template used this recently says when it was last used.
RECENT_USE = timedelta(days=7)


@blueprint.errorhandler(NotFound)
def _not_found(_error):
    return current_app.handle_http_exception(HttpNotFound())


def _template(template_id: uuid.UUID):
    """The service's template, if this member may see the folder it is in."""
    template = templates_domain.get_template(db.session, g.service.id, template_id)
    folders.check_can_see_template(db.session, g.service, g.user, template)
    return template


def _live_template(template_id: uuid.UUID):
    """The template, if it can be used to send and this member may see it."""
    return templates_domain.usable_template(db.session, g.service, template_id, g.user)


def _visible_folder(folder_id: uuid.UUID):
    """The service's folder, if this member may see it."""
    folder = folders.get_folder(db.session, g.service.id, folder_id)
    if not folders.folder_tree(db.session, g.service, g.user).can_see(folder.id):
        abort(404)
    return folder


def _folder_arg() -> uuid.UUID | None:
    """The folder named in the query string (`?folder_id=`), which the member must see."""
    value = request.args.get("folder_id")
    if not value:
        return None
    try:
        return _visible_folder(uuid.UUID(value)).id
    except ValueError:
        abort(404)


def _list_url(folder_id: uuid.UUID | None) -> str:
    if folder_id is None:
        return url_for("templates.index", service_id=g.service.id)
    return url_for("templates.index", service_id=g.service.id, folder_id=folder_id)


@blueprint.get(TEMPLATES)
@blueprint.get(FOLDER)
@service_page()
def index(service_id, folder_id=None):
    contents = folders.folder_contents(db.session, g.service, g.user, folder_id)
    return render_template(
        "templates/choose.html",
        service=g.service,
        contents=contents,
        type_labels=TYPE_LABELS,
        can_manage=MANAGE_TEMPLATES in g.permissions,
    )


@blueprint.get(TEMPLATE)
@service_page()
def view_template(service_id, template_id):
    template = _template(template_id)
    folder_id = folders.folder_of(db.session, template)
    tree = folders.folder_tree(db.session, g.service, g.user)
    return render_template(
        "templates/view.html",
        service=g.service,
        template=template,
        type_label=TYPE_LABELS[template.template_type],
        preview=_preview(template),
        path=[*tree.path(folder_id), *([tree.by_id[folder_id]] if folder_id else [])],
        edited=template_previews.when(template.updated_at or template.created_at),
        editor=db.session.get(User, template.created_by_id),
        can_manage=MANAGE_TEMPLATES in g.permissions,
        choose_sender=len(sender_choice.senders(template)) > 1,
    )


def _preview(template) -> dict:
    """A letter template is shown as its pages; other types as their text."""
    if template.template_type != LETTER or templates_domain.is_precompiled_letter(template):
        return template_previews.preview(template, g.service)
    ids = {"service_id": g.service.id, "template_id": template.id}
    count = letters.template_preview(template).page_count
    return {
        "pages": letters.page_urls("letters.template_png", count, **ids),
        "pdf": url_for("letters.template_pdf", **ids),
    }


@blueprint.get(TEMPLATE + "/versions")
@service_page()
def template_versions(service_id, template_id):
    template = _template(template_id)
    versions = templates_domain.list_versions(db.session, g.service.id, template.id)
    editor_ids = {v.created_by_id for v in versions}
    names = dict(
        db.session.execute(select(User.id, User.name).where(User.id.in_(editor_ids))).all()
    )
    rows = [
        {
            "version": v,
            "when": template_previews.when(v.updated_at or v.created_at),
            "by": names.get(v.created_by_id, "Unknown"),
        }
        for v in versions
    ]
    return render_template(
        "templates/versions.html", service=g.service, template=template, rows=rows
    )


@blueprint.get(TEMPLATE + "/versions/<version:version>")
@service_page()
def view_template_version(service_id, template_id, version):
    template = _template(template_id)
    row = templates_domain.get_version(db.session, g.service.id, template.id, version)
    return render_template(
        "templates/version.html",
        service=g.service,
        template=template,
        version=row,
        type_label=TYPE_LABELS[row.template_type],
        preview=template_previews.preview(row, g.service),
        edited=template_previews.when(row.updated_at or row.created_at),
        editor=db.session.get(User, row.created_by_id),
    )


@blueprint.get(TEMPLATES + "/count-sms-length")
@service_page()
def count_sms_length(service_id):
    """The edit page's live count: the same words the page shows without JavaScript."""
    return jsonify(
        sms_count=template_previews.sms_count(g.service, request.args.get("content", ""))
    )


# --- Adding, editing, copying and deleting templates ------------------------------------------


@blueprint.route(TEMPLATES + "/add", methods=["GET", "POST"])
@service_page(MANAGE_TEMPLATES)
def add_template(service_id):
    folder_id = _folder_arg()
    form = ChooseTemplateTypeForm(g.service.permission_names)
    if form.validate_on_submit():
        return redirect(
            url_for(
                "templates.add_template_of_type",
                service_id=g.service.id,
                template_type=form.template_type.data,
                folder_id=folder_id,
            )
        )
    return render_template(
        "templates/add.html", service=g.service, form=form, back=_list_url(folder_id)
    )


def _save_new(form, template_type: str, folder_id: uuid.UUID | None):
    """A redirect to the new template, or None when the domain refused it."""
    with Saving(form, default_field="name") as saving:
        template = templates_domain.create_template(
            db.session,
            g.service,
            name=form.name.data,
            template_type=template_type,
            content=form.content.data,
            subject=form.subject.data if "subject" in form else None,
            postage=form.postage.data if "postage" in form else None,
            created_by_id=g.user.id,
            parent_folder_id=folder_id,
        )
    if not saving.saved:
        return None
    return redirect(
        url_for("templates.view_template", service_id=g.service.id, template_id=template.id)
    )


def _edit_page(form, template_type: str, heading: str, back: str):
    return render_template(
        "templates/edit.html",
        service=g.service,
        form=form,
        heading=heading,
        template_type=template_type,
        back=back,
        sms_count=template_previews.sms_count(g.service, form.content.data)
        if template_type == SMS
        else None,
    )


@blueprint.route(
    TEMPLATES + "/add-email", methods=["GET", "POST"], defaults={"template_type": EMAIL}
)
@blueprint.route(TEMPLATES + "/add-sms", methods=["GET", "POST"], defaults={"template_type": SMS})
@blueprint.route(
    TEMPLATES + "/add-letter", methods=["GET", "POST"], defaults={"template_type": LETTER}
)
@service_page(MANAGE_TEMPLATES)
def add_template_of_type(service_id, template_type):
    folder_id = _folder_arg()
    form = TEMPLATE_FORMS[template_type]()
    if form.validate_on_submit():
        saved = _save_new(form, template_type, folder_id)
        if saved is not None:
            return saved
    heading = f"New {TYPE_LABELS[template_type].lower()} template"
    return _edit_page(form, template_type, heading, _list_url(folder_id))


@blueprint.route(TEMPLATE + "/edit", methods=["GET", "POST"])
@service_page(MANAGE_TEMPLATES)
def edit_template(service_id, template_id):
    template = _live_template(template_id)
    form = TEMPLATE_FORMS[template.template_type](obj=template)
    view_url = url_for("templates.view_template", service_id=g.service.id, template_id=template.id)
    if form.validate_on_submit():
        changes = {"name": form.name.data, "content": form.content.data}
        for optional in ("subject", "postage"):
            if optional in form:
                changes[optional] = form[optional].data
        with Saving(form, default_field="name") as saving:
            templates_domain.update_template(db.session, g.service, template, changes, g.user.id)
        if saving.saved:
            return redirect(view_url)
    return _edit_page(form, template.template_type, f"Edit ‘{template.name}’", view_url)


@blueprint.route(TEMPLATE + "/copy", methods=["GET", "POST"])
@service_page(MANAGE_TEMPLATES)
def copy_template(service_id, template_id):
    """The new template form, filled in from the original; saved into the original's folder."""
    original = _live_template(template_id)
    form = TEMPLATE_FORMS[original.template_type](obj=original)
    if request.method == "GET":
        form.name.data = templates_domain.copy_name(original)
    folder_id = folders.folder_of(db.session, original)
    if form.validate_on_submit():
        saved = _save_new(form, original.template_type, folder_id)
        if saved is not None:
            return saved
    back = url_for("templates.view_template", service_id=g.service.id, template_id=original.id)
    return _edit_page(form, original.template_type, f"Copy ‘{original.name}’", back)


@blueprint.route(TEMPLATE + "/delete", methods=["GET", "POST"])
@service_page(MANAGE_TEMPLATES)
def delete_template(service_id, template_id):
    template = _live_template(template_id)
    folder_id = folders.folder_of(db.session, template)
    form = ConfirmForm()
    if form.validate_on_submit():
        templates_domain.archive_template(db.session, g.service, template, g.user.id)
        db.session.commit()
        flash(f"‘{template.name}’ was deleted")
        return redirect(_list_url(folder_id))
    now = utcnow()
    last_used = templates_domain.last_used_since(
        db.session, g.service.id, template.id, now - RECENT_USE
    )
    return render_template(
        "templates/delete.html",
        service=g.service,
        template=template,
        form=form,
        last_used=time_ago(last_used, now) if last_used else None,
    )


# --- Folders ----------------------------------------------------------------------------------


@blueprint.route(TEMPLATES + "/add-folder", methods=["GET", "POST"])
@service_page(MANAGE_TEMPLATES)
def add_folder(service_id):
    parent_id = _folder_arg()
    form = FolderNameForm()
    if form.validate_on_submit():
        with Saving(form, default_field="name") as saving:
            folder = folders.create_folder(db.session, g.service, g.user, form.name.data, parent_id)
        if saving.saved:
            return redirect(_list_url(folder.id))
    return _folder_name_page(form, "New folder", "Add folder", _list_url(parent_id))


def _folder_name_page(form, heading: str, button: str, back: str):
    return render_template(
        "templates/folder_name.html",
        service=g.service,
        form=form,
        heading=heading,
        button=button,
        back=back,
    )


@blueprint.route(FOLDER + "/rename", methods=["GET", "POST"])
@service_page(MANAGE_TEMPLATES)
def rename_folder(service_id, folder_id):
    folder = _visible_folder(folder_id)
    form = FolderNameForm(obj=folder)
    if form.validate_on_submit():
        with Saving(form, default_field="name") as saving:
            folders.rename_folder(db.session, folder, form.name.data)
        if saving.saved:
            return redirect(_list_url(folder.id))
    return _folder_name_page(form, "Rename folder", "Save", _list_url(folder.id))


@blueprint.route(FOLDER + "/delete", methods=["GET", "POST"])
@service_page(MANAGE_TEMPLATES)
def delete_folder(service_id, folder_id):
    folder = _visible_folder(folder_id)
    form = ConfirmForm()
    problem = None
    if form.validate_on_submit():
        parent_id = folders.folder_tree(db.session, g.service, g.user).shown_parent(folder.id)
        name = folder.name
        try:
            folders.delete_folder(db.session, folder)
        except InvalidRequest as error:
            db.session.rollback()
            problem = str(error.message)
        else:
            db.session.commit()
            flash(f"‘{name}’ was deleted")
            return redirect(_list_url(parent_id))
    return render_template(
        "templates/delete_folder.html",
        service=g.service,
        folder=folder,
        form=form,
        problem=problem,
    )


@blueprint.route(TEMPLATES + "/move", methods=["GET", "POST"])
@service_page(MANAGE_TEMPLATES)
def move(service_id):
    """Choose templates and folders from the folder being looked at, and where they go."""
    folder_id = _folder_arg()
    contents = folders.folder_contents(db.session, g.service, g.user, folder_id)
    tree = folders.folder_tree(db.session, g.service, g.user)
    items = [(f"folder-{f.id}", f.name) for f in contents.folders] + [
        (f"template-{t.id}", t.name) for t in contents.templates
    ]
    form = MoveForm(items, [(str(f.id), tree.label(f)) for f in tree.choices()])
    if form.validate_on_submit():
        chosen = [value.split("-", 1) for value in form.items.data]
        target = None if form.move_to.data == TOP_LEVEL else uuid.UUID(form.move_to.data)
        with Saving(form, default_field="items") as saving:
            folders.move_to_folder(
                db.session,
                g.service,
                g.user,
                target,
                template_ids=[uuid.UUID(i) for kind, i in chosen if kind == "template"],
                folder_ids=[uuid.UUID(i) for kind, i in chosen if kind == "folder"],
            )
        if saving.saved:
            flash(f"Moved {len(chosen)} item{'' if len(chosen) == 1 else 's'}")
            return redirect(_list_url(target))
    return render_template(
        "templates/move.html",
        service=g.service,
        form=form,
        contents=contents,
        back=_list_url(folder_id),
    )
