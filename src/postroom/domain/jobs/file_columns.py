"""How a file's columns meet its template, by Notify's rules: names match ignoring case, spaces,
underscores and hyphens; which columns hold the recipient, which fill each placeholder, which
are missing or doubled; and a row's personalisation keyed as the header names its columns."""

from __future__ import annotations

from postroom.domain.vocabulary.notification_types import LETTER, SMS
from postroom.text.placeholders import normalise_name

ADDRESS_LINES_1_TO_6 = tuple(f"address line {n}" for n in range(1, 7))
ADDRESS_LINES_1_TO_6_AND_POSTCODE = (*ADDRESS_LINES_1_TO_6, "postcode")
ADDRESS_LINES_1_TO_7 = (*ADDRESS_LINES_1_TO_6, "address line 7")
RECIPIENT_COLUMNS = {
    "email": ("email address",),
    SMS: ("phone number",),
    LETTER: (*ADDRESS_LINES_1_TO_6_AND_POSTCODE, "address line 7"),
}
MIN_ADDRESS_COLUMNS = 3
REFERENCE_COLUMN = "reference"


def _keys(names) -> frozenset[str]:
    return frozenset(normalise_name(name) for name in names)


ADDRESS_KEYS = _keys(RECIPIENT_COLUMNS[LETTER])


class FileColumns:
    """A header read against a template (its type and placeholder names)."""

    def __init__(self, header: list[str], template_type: str, placeholders: list[str]) -> None:
        self.headers = tuple(header)
        self.template_type = template_type
        self.recipient_names = RECIPIENT_COLUMNS[template_type]
        self.recipient_keys = _keys(self.recipient_names)
        keys = [normalise_name(name) for name in header]
        self.positions: dict[str, list[int]] = {}
        for index, key in enumerate(keys):
            if key:
                self.positions.setdefault(key, []).append(index)
        # What the template fills: its placeholders (not the address, which letters take from
        # the address columns whichever of them the file has).
        self.placeholders = [
            name
            for name in placeholders
            if not (template_type == LETTER and normalise_name(name) in ADDRESS_KEYS)
        ]
        # Columns the file must have (Notify's: placeholders, then the recipient's).
        needed = [*self.placeholders, *([] if template_type == LETTER else self.recipient_names)]
        self.missing: list[str] = []
        for name in needed:
            key = normalise_name(name)
            if key not in self.positions and key not in _keys(self.missing):
                self.missing.append(name)
        self._names = [self.headers[indexes[0]] for indexes in self.positions.values()]
        self._filling = [(name, self.columns_of(name)) for name in self._names]

    @property
    def has_recipient_columns(self) -> bool:
        present = self.positions.keys()
        if self.template_type != LETTER:
            return bool(self.recipient_keys & present)
        return any(
            len(_keys(names) & present) >= MIN_ADDRESS_COLUMNS
            for names in (ADDRESS_LINES_1_TO_6_AND_POSTCODE, ADDRESS_LINES_1_TO_7)
        )

    @property
    def duplicate_recipient_columns(self) -> list[str]:
        """The header's names for recipient columns that appear more than once, each spelling
        once, in the file's order."""
        doubled = {
            key
            for key in self.recipient_keys
            if len(self.positions.get(key, ())) > 1  # a name may be spelt two ways
        }
        names = [self.headers[i] for key in doubled for i in self.positions[key]]
        return sorted(set(names), key=self.headers.index)

    @property
    def names(self) -> list[str]:
        """Each column's name as the header first spells it, once."""
        return self._names

    @property
    def ignored(self) -> list[str]:
        """Columns the messages make no use of (the check page shows them greyed)."""
        used = self.recipient_keys | _keys(self.placeholders) | {normalise_name(REFERENCE_COLUMN)}
        return [name for name in self._names if normalise_name(name) not in used]

    @property
    def address_columns(self) -> list[tuple[str, int]]:
        """A letter's address columns the file has, with the first column of each."""
        return [(n, ix[0]) for n, ix in self._filling if normalise_name(n) in ADDRESS_KEYS]

    def index_of(self, name: str) -> int | None:
        """The first column with this name."""
        indexes = self.positions.get(normalise_name(name))
        return indexes[0] if indexes else None

    def columns_of(self, name: str) -> list[int]:
        """The columns whose cells fill `name`: a recipient's is its first column's."""
        key = normalise_name(name)
        indexes = self.positions.get(key, [])
        return indexes[:1] if key in self.recipient_keys else indexes

    def personalisation(self, row: list[str]) -> dict[str, str | list[str]]:
        """Every named column of `row`, keyed as the header first names it; a name given to
        several columns (other than the recipient's) has the list of their cells, as Notify
        merges them. Cells beyond the header are left out, missing ones are empty."""
        width = len(self.headers)
        if len(row) < width:
            row = [*row, *[""] * (width - len(row))]
        return {
            name: row[indexes[0]] if len(indexes) == 1 else [row[i] for i in indexes]
            for name, indexes in self._filling
        }
