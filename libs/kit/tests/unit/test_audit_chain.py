"""The audit trail's hash chain (BIO 8.15.01): each entry's hash covers the one before it."""

from dialoog.kit.audit import GENESIS, chain_hash, first_break


def test_the_hash_chain_finds_the_first_changed_entry():
    entries, previous = [], GENESIS
    for n in range(3):
        content = {"n": n, "actor": "a"}
        digest = chain_hash(previous, content)
        entries.append((content, previous, digest))
        previous = digest
    assert first_break(entries) is None
    tampered = list(entries)
    tampered[1] = ({"n": 1, "actor": "someone else"}, entries[1][1], entries[1][2])
    assert first_break(tampered) == 1
