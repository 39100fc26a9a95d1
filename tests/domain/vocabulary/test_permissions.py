from postroom.domain.vocabulary import permissions


def test_send_messages_stands_for_the_three_send_permissions():
    assert permissions.to_database(["send_messages"]) == {
        "send_texts",
        "send_emails",
        "send_letters",
    }


def test_manage_service_stands_for_manage_users_and_manage_settings():
    assert permissions.to_database(["manage_service"]) == {"manage_users", "manage_settings"}


def test_every_database_permission_is_reachable_from_the_interface():
    assert permissions.to_database(permissions.UI_PERMISSIONS) == set(
        permissions.DATABASE_PERMISSIONS
    )


def test_interface_permission_needs_every_database_permission_behind_it():
    assert permissions.to_ui({"send_texts", "send_emails"}) == set()
    assert permissions.to_ui({"send_texts", "send_emails", "send_letters"}) == {"send_messages"}


def test_round_trip_keeps_interface_permissions():
    chosen = {"view_activity", "manage_templates", "manage_api_keys"}
    assert permissions.to_ui(permissions.to_database(chosen)) == chosen
