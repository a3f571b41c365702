// error: InvalidUnicodeLiteral at 2:10
RETURN '韩\u4E' AS name
