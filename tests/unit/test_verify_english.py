"""The English word list the name rules consult: unchanged in content, quick to unpack."""

from __future__ import annotations

import hashlib

from actionplan_gen.verify import english


def test_the_list_is_scowls_small_british_list_as_packed():
    words = english._words()
    assert hashlib.sha256(words.encode()).hexdigest() == (
        "44621dd377a9f56e33ca5ca51f9168ef3cf3eb426aacee66a04b0f2df1741e90")
    assert words.count("\n") - 1 == 37367
    assert english.is_word("granted") and english.is_word("aware")
    assert not english.is_word("ellison") and not english.is_word("gran")
