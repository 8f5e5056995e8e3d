-- dim_transaction: every transaction, the enum as text
select transaction_id,
       transaction_type::text as transaction_type,
       sales_order_id,
       purchase_order_id
from transaction
