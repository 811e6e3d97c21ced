from ckanext.simore.search.ideographs import spaced


def test_each_ideograph_becomes_a_word_and_other_text_is_left_alone():
    assert spaced("禁止酷刑").split() == ["禁", "止", "酷", "刑"]
    assert spaced("CAT/C/CHN/CO/6 禁止酷刑委员会").split() == [
        "CAT/C/CHN/CO/6",
        "禁",
        "止",
        "酷",
        "刑",
        "委",
        "员",
        "会",
    ]
    assert spaced("ひらがな").split() == ["ひ", "ら", "が", "な"]
    for text in ("Protect the rights of women", "حماية حقوق المرأة", "Защита прав", "인권 보호", ""):
        assert spaced(text) == text
