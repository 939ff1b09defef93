"""The portfolio's pure rules: access by relation, talks by the cycle definition, the snapshot hash."""

import pytest

from dialoog.contracts.cycle import preset
from dialoog.portfolio.domain.access import Action, Caller, Relation, allowed, relations
from dialoog.portfolio.domain.snapshot import snapshot_hash
from dialoog.portfolio.domain.talks import RuleBroken, TalkRequest, check_talk, opens_improvement_plan


def found(person="p1", roles=("employee",), managers=(), directors=(), escalated=False):
    return relations(Caller(person, frozenset(roles)), "emp", set(managers), set(directors), escalated)


def test_relations_and_what_they_allow():
    assert found(person="emp") == {Relation.SELF}
    assert found(managers={"p1"}) == {Relation.MANAGER}
    assert found(roles=("employee", "hr_advisor")) == {Relation.HR}
    assert found(roles=("employee", "director"), directors={"p1"}) == {Relation.DIRECTOR}
    assert found(directors={"p1"}) == {Relation.NONE}  # in the unit above, but not a director
    assert allowed(Action.READ, found(roles=("employee", "hr_advisor")), False)
    assert not allowed(Action.WRITE, found(roles=("employee", "hr_advisor")), False)
    director = found(roles=("employee", "director"), directors={"p1"})
    assert not allowed(Action.READ, director, True)
    assert allowed(Action.READ_REPORTS, director, True) and not allowed(Action.READ_REPORTS, director, False)
    assert allowed(Action.READ, found(escalated=True), False)
    assert not allowed(Action.WRITE, found(escalated=True), False)
    assert allowed(Action.CONCLUDE, found(managers={"p1"}), False) and not allowed(
        Action.CONCLUDE, found(person="emp"), False
    )
    assert allowed(Action.REACT, found(person="emp"), False) and not allowed(
        Action.REACT, found(managers={"p1"}), False
    )


def test_a_formal_decision_is_taken_by_the_manager_or_hr_never_by_the_employee_or_director():
    assert allowed(Action.DECIDE, found(managers={"p1"}), False)
    assert allowed(Action.DECIDE, found(roles=("employee", "hr_advisor")), False)
    assert not allowed(Action.DECIDE, found(person="emp"), False)
    assert not allowed(Action.DECIDE, found(roles=("employee", "director"), directors={"p1"}), True)
    assert not allowed(Action.DECIDE, found(escalated=True), False)


def test_talk_rules_come_from_the_definition():
    four = preset("four_levels")
    check_talk(
        four, TalkRequest("evaluation_talk", "manager", "manager", {}, conclusion="-", reward_advice="+"), 0
    )
    assert opens_improvement_plan(four, "-") and not opens_improvement_plan(four, "+/-")
    with pytest.raises(RuleBroken, match="choose a conclusion"):
        check_talk(four, TalkRequest("evaluation_talk", "manager", "manager", {}), 0)
    with pytest.raises(RuleBroken, match="already had 1"):
        check_talk(four, TalkRequest("evaluation_talk", "manager", "manager", {}, conclusion="+"), 1)
    cont = preset("continuous")
    with pytest.raises(RuleBroken) as wrong:
        check_talk(cont, TalkRequest("start_talk", "manager", "manager", {}), 0)
    assert wrong.value.field == "initiated_by"
    with pytest.raises(RuleBroken, match="unknown topics"):
        check_talk(cont, TalkRequest("good_talk", "employee", "employee", {}, topics=("z_sleep",)), 0)
    with pytest.raises(RuleBroken, match="no reward advice"):
        check_talk(
            cont,
            TalkRequest("good_talk", "manager", "manager", {}, topics=("a_right_things",), reward_advice="+"),
            0,
        )
    with pytest.raises(RuleBroken, match="unknown talk type"):
        check_talk(cont, TalkRequest("lunch", "employee", "employee", {}), 0)


def test_the_snapshot_hash_does_not_depend_on_key_order():
    assert snapshot_hash({"b": 1, "a": 2}) == snapshot_hash({"a": 2, "b": 1})


def test_attachments_are_recognised_by_their_content_not_their_name():
    import io
    import zipfile

    from dialoog.portfolio.domain.attachments import DOCX, JPEG, ODT, PDF, PNG, safe_filename, sniff

    def package(entries: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for name, data in entries.items():
                z.writestr(name, data)
        return buffer.getvalue()

    assert sniff(b"%PDF-1.7\n...") == PDF
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") == PNG
    assert sniff(b"\xff\xd8\xff\xe0JFIF") == JPEG
    assert sniff(package({"mimetype": ODT.encode(), "content.xml": b"<x/>"})) == ODT
    assert sniff(package({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"})) == DOCX
    assert sniff(package({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"})) is None  # xlsx
    assert sniff(package({"payload.exe": b"MZ"})) is None
    assert sniff(b"PK\x03\x04 not really a zip") is None
    assert sniff(b"MZ\x90\x00") is None and sniff(b"<html>") is None and sniff(b"") is None
    assert safe_filename("C:\\Users\\x\\Verslag juni.docx", DOCX) == "Verslag juni.docx"
    assert safe_filename("../../etc/passwd", PDF) == "passwd.pdf"
    assert safe_filename("foto.exe", JPEG) == "foto.jpg"
    assert safe_filename("\x00\n", PNG) == "bijlage.png"
    assert safe_filename("Cursus één\u202e.pdf", PDF) == "Cursus één.pdf"
