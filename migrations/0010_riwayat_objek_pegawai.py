"""History rows of a person's own device sign-outs, written before the fix
in riwayat.catat, were stored with the object type "localproxy" (the type of
flask_login's current_user proxy) instead of "pegawai", so the person's
history never showed them. They were always about the signed-in person
(aktor == objek), so they become "pegawai" rows.

down: nothing to undo (the old value was a bug, not data).
"""


def up(migrator, db):
    db.execute_sql("UPDATE riwayat SET objek = 'pegawai' WHERE objek = 'localproxy'")


def down(migrator, db):
    pass
