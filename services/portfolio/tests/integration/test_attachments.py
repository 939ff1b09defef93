"""Attachments: PDF, PNG, JPEG, DOCX and ODT recognised by content, at most 10 MiB, kept in
PostgreSQL; downloadable by whoever reads the portfolio; audited; in the dossier; refused after the
definitive moment."""

import io
import json
import zipfile

from dialoog.testing.pages import every

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def person(world, name):
    return world["people"][name]


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", b"<office:document-content/>")
    return buffer.getvalue()


async def upload(world, employee: str, user: str, content: bytes, filename: str, content_type: str):
    return await world["port"].post(
        f"/v1/portfolios/{person(world, employee)}/attachments",
        params={"filename": filename},
        content=content,
        headers={**world["auth"](user), "content-type": content_type},
    )


async def test_the_employee_and_the_manager_attach_files_that_readers_download(world):
    port, auth = world["port"], world["auth"]
    pdf = await upload(
        world, "bel.medewerker", "bel.medewerker", PDF, "Certificaat cursus.pdf", "application/pdf"
    )
    assert pdf.status_code == 201, pdf.text
    assert pdf.json()["media_type"] == "application/pdf" and pdf.json()["size"] == len(PDF)
    assert "content" not in pdf.json()
    # The content decides, not the name or the declared type.
    odt_bytes = odt()
    document = await upload(
        world, "bel.medewerker", "bel.leidinggevende", odt_bytes, "verslag", "application/octet-stream"
    )
    assert document.status_code == 201, document.text
    assert document.json()["media_type"] == "application/vnd.oasis.opendocument.text"
    assert (
        document.json()["filename"] == "verslag.odt"
        and document.json()["uploaded_by"] == "bel.leidinggevende"
    )

    for user in ("bel.medewerker", "bel.leidinggevende", "bel.hr"):
        got = await port.get(f"/v1/attachments/{pdf.json()['id']}", headers=auth(user))
        assert got.status_code == 200 and got.content == PDF
        assert got.headers["content-type"] == "application/pdf"
        assert got.headers["content-disposition"] == "attachment; filename*=UTF-8''Certificaat%20cursus.pdf"
        assert got.headers["x-content-type-options"] == "nosniff"
    for user in ("bel.beheer", "rijk.hr", "rijk.leidinggevende"):
        assert (await port.get(f"/v1/attachments/{pdf.json()['id']}", headers=auth(user))).status_code == 404

    view = (
        await port.get(f"/v1/portfolios/{person(world, 'bel.medewerker')}", headers=auth("bel.medewerker"))
    ).json()
    listed = {a["id"]: a for a in view["attachments"]}
    assert (
        listed[pdf.json()["id"]]["filename"] == "Certificaat cursus.pdf"
        and "content" not in listed[pdf.json()["id"]]
    )

    entries = await every(port, f"/v1/audit?object_id={pdf.json()['id']}", auth("bel.hr"))
    assert [(e["actor"], e["action"]) for e in reversed(entries)][:2] == [  # the trail lists newest first
        ("bel.medewerker", "create"),
        ("bel.medewerker", "read"),
    ]

    export = await port.get(
        f"/v1/portfolios/{person(world, 'bel.medewerker')}/export", headers=auth("bel.medewerker")
    )
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    assert archive.read(f"bijlagen/{pdf.json()['id']}-Certificaat cursus.pdf") == PDF
    assert archive.read(f"bijlagen/{document.json()['id']}-verslag.odt") == odt_bytes
    data = json.loads(archive.read("dossier.json"))
    names = [a["filename"] for p in data["periods"] for a in p["attachments"]]
    assert "Certificaat cursus.pdf" in names


async def test_other_files_are_refused_with_a_problem(world):
    port, auth = world["port"], world["auth"]
    exe = await upload(
        world, "bel.medewerker", "bel.medewerker", b"MZ\x90\x00" + b"\x00" * 64, "cv.pdf", "application/pdf"
    )
    assert exe.status_code == 415 and exe.headers["content-type"].startswith("application/problem+json")
    assert exe.json()["code"] == "attachment-type" and "application/pdf" in exe.json()["accepted"]
    html = await upload(world, "bel.medewerker", "bel.medewerker", b"<html><script>", "x.png", "image/png")
    assert html.status_code == 415
    empty = await upload(world, "bel.medewerker", "bel.medewerker", b"", "leeg.pdf", "application/pdf")
    assert empty.status_code == 422 and empty.json()["code"] == "attachment-empty"
    big = await upload(
        world,
        "bel.medewerker",
        "bel.medewerker",
        PDF + b"0" * (10 * 1024 * 1024),
        "groot.pdf",
        "application/pdf",
    )
    assert big.status_code == 413 and big.headers["content-type"].startswith("application/problem+json")
    by_hr = await upload(world, "bel.medewerker", "bel.hr", PDF, "hr.pdf", "application/pdf")
    assert by_hr.status_code == 403
    assert (
        await port.get("/v1/attachments/00000000-0000-0000-0000-000000000000", headers=auth("bel.hr"))
    ).status_code == 404


async def test_after_the_definitive_moment_no_file_is_attached(world):
    port, auth = world["port"], world["auth"]
    kees = person(world, "kees.ouderen.rijk")
    view = (await port.get(f"/v1/portfolios/{kees}", headers=auth("rijk.leidinggevende"))).json()
    before = await upload(
        world, "kees.ouderen.rijk", "rijk.leidinggevende", PDF, "plan.pdf", "application/pdf"
    )
    assert before.status_code == 201
    locked = await port.post(
        f"/v1/periods/{view['period']['id']}/lock",
        headers={**auth("rijk.leidinggevende"), "If-Match": f'"{view["period"]["version"]}"'},
    )
    assert locked.status_code == 200, locked.text
    after = await upload(
        world, "kees.ouderen.rijk", "rijk.leidinggevende", PDF, "laat.pdf", "application/pdf"
    )
    assert after.status_code == 409 and after.json()["code"] == "period-locked"
    # What was attached stays readable.
    got = await port.get(f"/v1/attachments/{before.json()['id']}", headers=auth("rijk.leidinggevende"))
    assert got.status_code == 200 and got.content == PDF
