// The label page: issue more sample ids for the exam, print.
import { post, showError } from '../api.js';

const root = document.getElementById('gp-labels');
document.getElementById('issue').addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = document.getElementById('issue-submit');
  button.disabled = true;
  try {
    const count = Number(document.getElementById('label-count').value) || 1;
    await post(`/api/exams/${encodeURIComponent(root.dataset.examId)}/samples`, { count });
    location.reload();
  } catch (err) {
    showError(document.getElementById('labels-error'), err);
    button.disabled = false;
  }
});
document.getElementById('print').addEventListener('click', () => window.print());
