"""The guest list page: replaced whole, each entry checked."""

from __future__ import annotations

from postroom.domain.services import guest_list


def test_the_guest_list_is_replaced_and_checked(service, signed_in, session):
    path = f"/services/{service.id}/api/guest-list"
    response = signed_in.post(
        path, {"email_addresses": "a@example.gov.uk\n\n", "phone_numbers": "07700 900123"}
    )
    assert response.status_code == 302
    assert guest_list.get_guest_list(session, service.id) == {
        "email_addresses": ["a@example.gov.uk"],
        "phone_numbers": ["+447700900123"],
    }
    assert "a@example.gov.uk" in signed_in.page(path)
    page = signed_in.post(path, {"email_addresses": "not an address"}).get_data(as_text=True)
    assert "is not a valid email address or phone number" in page
    assert guest_list.get_guest_list(session, service.id)["email_addresses"] == ["a@example.gov.uk"]
