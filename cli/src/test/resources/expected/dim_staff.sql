-- dim_staff: every staff member with the latest name and location of their department
select s.staff_id,
       s.first_name,
       s.last_name,
       d.department_name,
       coalesce(d.location, 'Unknown') as location,
       s.email_address
from staff s
join department d on d.department_id = s.department_id
