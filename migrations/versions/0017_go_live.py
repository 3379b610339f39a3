"""going live: the team inbox, when the service opened, retired councils, job runs

Revision ID: 0017_go_live
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = '0017_go_live'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_inbox', sa.String(length=320), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))
    # A site already running (set up by hand or by the demo data) stays open.
    op.execute("UPDATE agency_settings SET opened_at = CURRENT_TIMESTAMP")
    with op.batch_alter_table('councils', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'job_runs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('last_finished_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs')),
        sa.UniqueConstraint('name', name=op.f('uq_job_runs_name')),
    )


def downgrade():
    op.drop_table('job_runs')
    with op.batch_alter_table('councils', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
    with op.batch_alter_table('agency_settings', schema=None) as batch_op:
        batch_op.drop_column('opened_at')
        batch_op.drop_column('team_inbox')
