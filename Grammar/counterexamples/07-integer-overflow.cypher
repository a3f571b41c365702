// error: IntegerOverflow at 2:8
RETURN 9223372036854775808 AS tooBig
