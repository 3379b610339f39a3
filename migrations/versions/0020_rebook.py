"""a second calendar file on an email, to take entries out beside the one that adds or moves them

Revision ID: 0020_rebook
Revises: 0019_messages
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_rebook'
down_revision = '0019_messages'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancel_ics', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('cancel_ics')
