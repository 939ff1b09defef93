import pytest

from dialoog.organisatie.domain.people_csv import FileProblem, parse

HEADER = b"employee_number;first_name;last_name;email\n"


@pytest.mark.parametrize(
    "content",
    [
        HEADER + b'1;Anna;"de Vries;anna@example.org\n',  # a quote that never closes
        # The body the fuzzer sent (a 500 before): bytes with stray carriage returns and a quote.
        # Read with newline="" the returns end lines, so it is refused for its header, not a crash.
        b'\xd9\xb3oW"\r\x00x\r\n;;',
    ],
)
def test_a_file_the_csv_module_cannot_read_is_a_file_problem_not_a_crash(content):
    with pytest.raises(FileProblem) as refused:
        parse(content)
    assert refused.value.nl and refused.value.en


def test_a_carriage_return_line_ending_still_reads():
    rows = parse(HEADER.replace(b"\n", b"\r\n") + b"1;Anna;de Vries;anna@example.org\r\n")
    assert [(r.employee_number, r.first_name) for r in rows] == [("1", "Anna")]
