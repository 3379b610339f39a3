"""index pairing stage ends with their starts, for the annual report

Revision ID: 0011
Revises: 0009
"""
from alembic import op

revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_stage_changes_household_stage_started',
        'stage_changes',
        ['household_id', 'stage', 'started_on'],
        unique=False,
    )


def downgrade():
    op.drop_index('ix_stage_changes_household_stage_started', table_name='stage_changes')
