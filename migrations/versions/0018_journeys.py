"""journeys that finish: support calls carry a cancel reason, attempts to
reach the family and what was agreed; the agency sets the break between
Stage 1 and Stage 2; calendar files carry a SEQUENCE per call and booking

Revision ID: 0018_journeys
Revises: 0017_go_live
"""
import sqlalchemy as sa
from alembic import op

revision = '0018_journeys'
down_revision = '0017_go_live'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage_break_months', sa.Integer(), server_default='6', nullable=False))
    with op.batch_alter_table('support_call_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('agreed', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('calendar_sequence', sa.Integer(), nullable=True))
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_sequence', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_column('calendar_sequence')
    with op.batch_alter_table('support_call_requests', schema=None) as batch_op:
        batch_op.drop_column('calendar_sequence')
        batch_op.drop_column('agreed')
        batch_op.drop_column('last_attempt_at')
        batch_op.drop_column('attempts')
        batch_op.drop_column('cancel_reason')
    with op.batch_alter_table('agency_settings', schema=None) as batch_op:
        batch_op.drop_column('stage_break_months')
