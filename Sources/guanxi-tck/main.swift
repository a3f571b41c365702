import GuanxiTCK
